"""What several test folders share, imported as ``support.<module>``; never a conftest.

site.py       a page server on 127.0.0.1 whose answers tests change between checks,
              hand-written article pages, Documents and a small extractor
checks.py     checks run against a site through one HttpFetcher
documents.py  Documents and references built straight from the model
longpage.py   a generated 20,000-word article with landmarks to edit
reports.py    change reports of the shapes the daemon must tell apart
clinic.py     a small clinic site's pages and their server
receivers.py  a webhook receiver and an SMTP mailbox on 127.0.0.1
terms.py      a terms page that fools the classifier, and the selectors that set it right
fetching.py   one fetch that must end as a Capture or as a FetchFailure
clock.py      the one fake clock (time moves only when someone sleeps), and Sleeps
"""
