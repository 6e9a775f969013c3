"""Pages in the shapes the common platforms' default templates print, each written here.

The held-out pages are other sites built on the same few platforms as the dev pages
(documentation generators, forum software, shop and blog themes). Each test reads one
such page and checks that the article is kept and the platform's furniture is not; some
guard shapes tracker already reads right, and fail if a rule starts keeping the furniture.
"""

from __future__ import annotations

from tracker.extraction import extract
from tracker.model import Document, StripReason

P1 = (
    "The scheduler reads each job's window from its configuration file and waits "
    "until the window opens before it starts any worker process on the host."
)
P2 = (
    "When two jobs share a window the one with the higher priority runs first, and "
    "the other is queued until a worker becomes free again."
)
P3 = (
    "You can check the queue at any time with the status command, which prints every "
    "waiting job with the time it was submitted and its priority."
)

DOCUSAURUS = (
    """<html><head><meta name="generator" content="Docusaurus v3.1.0">"""
    "<title>Scheduling jobs | Relay</title></head><body>\n"
    """<nav class="navbar navbar--fixed-top"><div class="navbar__inner">"""
    """<a class="navbar__brand" href="/">Relay</a>"""
    """<a class="navbar__item navbar__link" href="/docs/intro">Docs</a>"""
    """<a class="navbar__item navbar__link" href="/blog">Blog</a></div></nav>\n"""
    """<div class="main-wrapper docsWrapper"><div class="docRoot">"""
    """<aside class="theme-doc-sidebar-container">"""
    """<nav aria-label="Docs sidebar" class="menu thin-scrollbar">"""
    """<ul class="theme-doc-sidebar-menu menu__list"><li class="menu__list-item">"""
    """<a class="menu__link" href="/docs/intro">Introduction</a></li>"""
    """<li class="menu__list-item">"""
    """<a class="menu__link menu__link--active" href="/docs/scheduling">Scheduling jobs</a>"""
    """</li><li class="menu__list-item">"""
    """<a class="menu__link" href="/docs/config">Configuration</a></li></ul></nav></aside>\n"""
    """<main class="docMainContainer">"""
    """<div class="container padding-top--md padding-bottom--lg"><div class="row">"""
    """<div class="col docItemCol"><div class="docItemContainer"><article>\n"""
    """<nav class="theme-doc-breadcrumbs" aria-label="Breadcrumbs"><ul class="breadcrumbs">"""
    """<li class="breadcrumbs__item">"""
    """<a class="breadcrumbs__link" href="/" aria-label="Home page">Home</a></li>"""
    """<li class="breadcrumbs__item breadcrumbs__item--active">"""
    """<span class="breadcrumbs__link">Scheduling jobs</span></li></ul></nav>\n"""
    """<span class="theme-doc-version-badge badge badge--secondary">Version: 2.x</span>\n"""
    """<div class="tocCollapsible theme-doc-toc-mobile tocMobile">"""
    """<button type="button" class="clean-btn tocCollapsibleButton">On this page</button>"""
    "</div>\n"
    """<div class="theme-doc-markdown markdown"><header><h1>Scheduling jobs</h1></header>\n"""
    f"<p>{P1}</p>\n"
    """<h2 class="anchor anchorWithStickyNavbar" id="priorities">Priorities<a """
    """href="#priorities" class="hash-link" aria-label="Direct link to Priorities" """
    """title="Direct link to Priorities">&#8203;</a>"""
    "</h2>\n"
    f"<p>{P2}</p>\n"
    """<div class="theme-admonition theme-admonition-tip admonition alert alert--success">"""
    """<div class="admonitionHeading"><span class="admonitionIcon"><svg viewBox="0 0 12 16">"""
    """<path d="M6.5 0"></path></svg></span>tip</div><div class="admonitionContent">"""
    f"<p>{P3}</p></div></div>\n"
    "</div></article>\n"
    """<footer class="theme-doc-footer docusaurus-mt-lg">"""
    """<div class="theme-doc-footer-edit-meta-row row"><div class="col">"""
    """<a href="https://github.com/relay/relay/edit/main/docs/scheduling.md" target="_blank" """
    """rel="noreferrer noopener" class="theme-edit-this-page">Edit this page</a>"""
    """</div><div class="col lastUpdated">"""
    """<span class="theme-last-updated">Last updated on <b>"""
    """<time datetime="2024-03-02T10:00:00.000Z">Mar 2, 2024</time></b></span></div></div>"""
    "</footer></div>\n"
    """<nav class="pagination-nav docusaurus-mt-lg" aria-label="Docs pages">"""
    """<a class="pagination-nav__link pagination-nav__link--prev" href="/docs/intro">"""
    """<div class="pagination-nav__sublabel">Previous</div>"""
    """<div class="pagination-nav__label">Introduction</div></a>"""
    """<a class="pagination-nav__link pagination-nav__link--next" href="/docs/config">"""
    """<div class="pagination-nav__sublabel">Next</div>"""
    """<div class="pagination-nav__label">Configuration</div></a></nav></div></div>\n"""
    """<div class="col col--3">"""
    """<div class="tableOfContents table-of-contents__left-border thin-scrollbar """
    """theme-doc-toc-desktop">"""
    """<ul class="table-of-contents table-of-contents__left-border"><li>"""
    """<a href="#priorities" class="table-of-contents__link toc-highlight">Priorities</a>"""
    "</li></ul></div></div></div></div></main></div></div>\n"
    """<footer class="footer footer--dark"><div class="container container-fluid">"""
    """<div class="footer__copyright">Copyright © 2024 Relay. Built with Docusaurus.</div>"""
    "</div></footer></body></html>"
)


F1 = (
    "My water heater makes a knocking sound every time the burner lights, and it has "
    "been getting louder over the last two weeks since the cold weather started."
)
F2 = (
    "That knocking is usually sediment at the bottom of the tank. Drain a few buckets "
    "from the valve at the base and see whether the sound goes away afterwards."
)
F3 = (
    "Thanks, I drained it this morning and a lot of sand came out. The burner lights "
    "quietly now, so I will flush it again in the spring before it builds up."
)


def _phpbb_post(n: int, user: str, date: str, title: str, text: str) -> str:
    """One post of phpBB's prosilver viewtopic: profile beside the body, signature under it."""
    return (
        f"""<div id="p{n}" class="post has-profile bg{n % 2 + 1}"><div class="inner">\n"""
        f"""<dl class="postprofile" id="profile{n}"><dt class="has-profile-rank no-avatar">"""
        """<div class="avatar-container"></div>"""
        f"""<a href="./memberlist.php?mode=viewprofile&amp;u={n}" class="username">{user}</a>"""
        """</dt><dd class="profile-rank">Registered User</dd><dd class="profile-posts">"""
        """<strong>Posts:</strong> <a """
        f"""href="./search.php?author_id={n}&amp;sr=posts">{n * 37}</a>"""
        """</dd><dd class="profile-joined">"""
        """<strong>Joined:</strong> Mon Mar 02, 2020 9:14 am</dd><dd class="profile-contact">"""
        """<strong>Contact:</strong><div class="dropdown-container dropdown-left">"""
        f"""<a href="#" class="dropdown-trigger" title="Contact {user}">"""
        """<i class="icon fa-commenting-o fa-fw icon-lg" aria-hidden="true"></i>"""
        f"""<span class="sr-only">Contact {user}</span></a></div></dd></dl>\n"""
        f"""<div class="postbody"><div id="post_content{n}"><h3 class="first">"""
        f"""<a href="#p{n}">{title}</a></h3>\n"""
        """<ul class="post-buttons"><li>"""
        f"""<a href="./posting.php?mode=quote&amp;p={n}" title="Reply with quote" class="button """
        """button-icon-only">"""
        """<i class="icon fa-quote-left fa-fw" aria-hidden="true"></i><span>Quote</span></a>"""
        "</li></ul>\n"
        f"""<p class="author"><a class="unread" href="./viewtopic.php?p={n}#p{n}" title="Post">"""
        """<i class="icon fa-file fa-fw icon-lightgray icon-md" aria-hidden="true"></i>"""
        """<span class="sr-only">Post</span></a><span class="responsive-hide">by <strong>"""
        f"""<a href="./memberlist.php?mode=viewprofile&amp;u={n}" class="username">{user}</a>"""
        f"""</strong> &raquo; </span><time datetime="{date}">Tue Jan 02, 2024 10:0{n} am</time>"""
        "</p>\n"
        f"""<div class="content">{text}</div>\n"""
        f"""<div id="sig{n}" class="signature">Two boilers, one cat, no patience.</div>\n"""
        "</div></div>\n"
        """<div class="back2top"><a href="#top" class="top" title="Top">"""
        """<i class="icon fa-chevron-circle-up fa-fw icon-gray" aria-hidden="true"></i>"""
        """<span class="sr-only">Top</span></a></div>\n"""
        """</div></div><hr class="divider" />"""
    )


PHPBB = (
    "<html><head><title>Water heater knocking - Home Repair Forum</title></head>"
    """<body id="phpbb" class="nojs notouch section-viewtopic ltr">"""
    """<div id="wrap" class="wrap">\n"""
    """<div id="page-header"><div class="headerbar" role="banner"><div class="inner">"""
    """<div id="site-description" class="site-description">"""
    """<a id="logo" class="logo" href="./index.php" title="Board index">"""
    """<span class="site_logo"></span></a><h1>Home Repair Forum</h1>"""
    "<p>Fixing things together since 2009</p></div></div></div>\n"
    """<div class="navbar" role="navigation"><div class="inner">"""
    """<ul id="nav-main" class="nav-main linklist" role="menubar"><li>"""
    """<a href="/app.php/help/faq" rel="help" title="Frequently Asked Questions" role="menuitem">"""
    """<i class="icon fa-question-circle fa-fw" aria-hidden="true"></i><span>FAQ</span></a>"""
    """</li><li class="rightside">"""
    """<a href="./ucp.php?mode=login" title="Login" accesskey="x" role="menuitem">"""
    "<span>Login</span></a></li></ul>"
    """<ul id="nav-breadcrumbs" class="nav-breadcrumbs linklist navlinks" role="menubar">"""
    """<li class="breadcrumbs" itemscope itemtype="https://schema.org/BreadcrumbList">"""
    """<span class="crumb" itemtype="https://schema.org/ListItem" itemprop="itemListElement" """
    """itemscope>"""
    """<a href="./index.php" itemprop="item" accesskey="h" data-navbar-reference="index">"""
    """<span itemprop="name">Board index</span></a></span><span class="crumb">"""
    """<a href="./viewforum.php?f=4"><span>Plumbing</span></a></span></li></ul></div></div>"""
    "</div>\n"
    """<div id="page-body" class="page-body" role="main">\n"""
    """<h2 class="topic-title"><a href="./viewtopic.php?t=77">Water heater knocking</a>"""
    "</h2>\n"
    """<div class="action-bar bar-top">"""
    """<a href="./posting.php?mode=reply&amp;t=77" class="button" title="Post a reply">"""
    """<span>Post Reply</span> <i class="icon fa-reply fa-fw" aria-hidden="true"></i></a>"""
    """<div class="search-box" role="search">"""
    """<form method="get" id="topic-search" action="./search.php"><fieldset>"""
    """<input class="inputbox search tiny" type="search" name="keywords" size="20" """
    """placeholder="Search this topic…" />"""
    "</fieldset></form></div>"
    """<div class="pagination">3 posts &bull; Page <strong>1</strong> of <strong>1</strong>"""
    "</div></div>\n"
    f"""{_phpbb_post(1, "marta", "2024-01-02T10:01", "Water heater knocking", F1)}\n"""
    f"""{_phpbb_post(2, "oldpipes", "2024-01-02T10:02", "Re: Water heater knocking", F2)}\n"""
    f"""{_phpbb_post(3, "marta", "2024-01-02T10:03", "Re: Water heater knocking", F3)}\n"""
    """<div class="action-bar bar-bottom">"""
    """<a href="./posting.php?mode=reply&amp;t=77" class="button" title="Post a reply">"""
    "<span>Post Reply</span></a>"
    """<div class="pagination">3 posts &bull; Page <strong>1</strong> of <strong>1</strong>"""
    "</div></div>\n"
    """<div class="action-bar actions-jump"><p class="jumpbox-return">"""
    """<a href="./viewforum.php?f=4" class="left-box arrow-left" accesskey="r">"""
    """<i class="icon fa-angle-left fa-fw icon-black" aria-hidden="true"></i>"""
    "<span>Return to &ldquo;Plumbing&rdquo;</span></a></p></div>\n"
    """<div class="stat-block online-list"><h3>"""
    """<a href="./viewonline.php" accesskey="o">Who is online</a></h3>"""
    "<p>Users browsing this forum: No registered users and 4 guests</p></div>\n"
    "</div>\n"
    """<div id="page-footer" class="page-footer" role="contentinfo">"""
    """<div class="copyright">Powered by <a href="https://www.phpbb.com/">phpBB</a>&reg; Forum """
    """Software &copy; phpBB Limited</div>"""
    "</div></div></body></html>"
)


G1 = (
    "The river rose two metres overnight, and by morning the footbridge at the mill "
    "was under water, so the school bus took the long road around the hill."
)
G2 = (
    "Council engineers say the bridge will be inspected once the water falls, and "
    "that the road around the hill will stay open to buses until then."
)
GHOST = (
    """<html><head><meta name="generator" content="Ghost 5.75">"""
    """<meta property="og:type" content="article">"""
    """<meta property="article:published_time" content="2024-02-03T08:00:00.000Z">"""
    """<title>Flood closes mill footbridge</title></head><body class="post-template">"""
    """<div class="viewport"><header id="gh-head" class="gh-head outer">"""
    """<div class="gh-head-inner inner"><div class="gh-head-brand">"""
    """<a class="gh-head-logo" href="/">Valley Notes</a></div><nav class="gh-head-menu">"""
    """<ul class="nav"><li class="nav-home"><a href="/">Home</a></li><li class="nav-about">"""
    """<a href="/about/">About</a></li></ul></nav><div class="gh-head-actions">"""
    """<a class="gh-head-button" href="#/portal/signup" data-portal="signup">Subscribe</a>"""
    "</div></div></header>\n"
    """<div class="site-content"><main id="site-main" class="site-main">"""
    """<article class="article post tag-news">\n"""
    """<header class="article-header gh-canvas"><div class="article-tag post-card-tags">"""
    """<span class="post-card-primary-tag"><a href="/tag/news/">News</a></span></div>"""
    """<h1 class="article-title">Flood closes mill footbridge</h1>"""
    """<p class="article-excerpt">Buses take the hill road while the water stays high.</p>\n"""
    """<div class="article-byline"><section class="article-byline-content">"""
    """<ul class="author-list"><li class="author-list-item">"""
    """<a href="/author/ines/" class="author-avatar">"""
    """<img class="author-profile-image" src="/ines.jpg" alt="Ines Park"></a></li></ul>"""
    """<div class="article-byline-meta"><h4 class="author-name">"""
    """<a href="/author/ines/">Ines Park</a></h4><div class="byline-meta-content">"""
    """<time class="byline-meta-date" datetime="2024-02-03">Feb 3, 2024</time>"""
    """<span class="byline-reading-time"><span class="bull">&bull;</span> 1 min read</span>"""
    "</div></div></section></div>\n"
    """<figure class="article-image"><img src="/bridge.jpg" alt=""></figure></header>\n"""
    f"""<section class="gh-content gh-canvas"><p>{G1}</p><p>{G2}</p></section>\n"""
    "</article></main>\n"
    """<section class="footer-cta outer"><div class="inner">"""
    """<h2 class="footer-cta-title">Sign up for more like this.</h2>"""
    """<a class="footer-cta-button" href="#/portal" data-portal>"""
    """<div class="footer-cta-input">Enter your email</div><span>Subscribe</span></a></div>"""
    "</section>\n"
    """<aside class="read-more-wrap outer"><div class="read-more inner">"""
    """<article class="post-card post"><a class="post-card-image-link" href="/snow-day/">"""
    """<img class="post-card-image" src="/snow.jpg" alt="Snow day"></a>"""
    """<div class="post-card-content"><a class="post-card-content-link" href="/snow-day/">"""
    """<header class="post-card-header"><div class="post-card-tags">"""
    """<span class="post-card-primary-tag">News</span></div>"""
    """<h2 class="post-card-title">Snow day closes both schools</h2></header>"""
    """<div class="post-card-excerpt">The buses stayed in the depot after a night of heavy """
    """snow.</div>"""
    """</a><footer class="post-card-meta">"""
    """<time class="post-card-meta-date" datetime="2024-01-20">Jan 20, 2024</time>"""
    """<span class="post-card-meta-length">1 min read</span></footer></div></article></div>"""
    "</aside>\n"
    """</div><footer class="site-footer outer"><div class="inner">"""
    """<section class="copyright"><a href="/">Valley Notes</a> &copy; 2024</section>"""
    """<div class="gh-powered-by">"""
    """<a href="https://ghost.org/" target="_blank" rel="noopener">Powered by Ghost</a>"""
    "</div></div></footer></div></body></html>"
)

WPBLOCK = (
    """<html><head><meta name="generator" content="WordPress 6.4.2">"""
    """<meta property="og:type" content="article">"""
    """<meta property="article:published_time" content="2024-02-03T08:00:00+00:00">"""
    "<title>Flood closes mill footbridge &#8211; Valley Notes</title></head>"
    """<body class="post-template-default single single-post wp-embed-responsive">"""
    """<div class="wp-site-blocks">\n"""
    """<header class="wp-block-template-part"><div class="wp-block-group alignwide">"""
    """<p class="wp-block-site-title"><a href="/" rel="home">Valley Notes</a></p>"""
    """<nav class="is-responsive wp-block-navigation" aria-label="Header navigation">"""
    """<ul class="wp-block-navigation__container"><li class="wp-block-navigation-item">"""
    """<a class="wp-block-navigation-item__content" href="/about/">"""
    """<span class="wp-block-navigation-item__label">About</span></a></li></ul></nav></div>"""
    "</header>\n"
    """<main class="wp-block-group is-layout-constrained"><div class="wp-block-group">"""
    """<h1 class="has-text-align-center wp-block-post-title">Flood closes mill footbridge</h1>"""
    """<div class="wp-block-template-part">"""
    """<div class="wp-block-group is-content-justification-center is-layout-flex">"""
    """<div class="wp-block-post-date">"""
    """<time datetime="2024-02-03T08:00:00+00:00">February 3, 2024</time></div>"""
    """<p class="has-small-font-size">&mdash;</p><div class="wp-block-group is-layout-flex">"""
    """<p class="has-small-font-size">by</p><div class="wp-block-post-author-name">"""
    """<a href="/author/ines/" target="_self" class="wp-block-post-author-name__link">Ines """
    """Park</a>"""
    """</div></div><div class="wp-block-group is-layout-flex">"""
    """<p class="has-small-font-size">in</p>"""
    """<div class="taxonomy-category wp-block-post-terms">"""
    """<a href="/category/news/" rel="tag">News</a></div></div></div></div></div>\n"""
    """<figure class="alignwide wp-block-post-featured-image"><img src="/bridge.jpg" alt="">"""
    "</figure>\n"
    """<div class="entry-content alignfull wp-block-post-content is-layout-constrained">"""
    f"<p>{G1}</p><p>{G2}</p></div>\n"
    """<div class="wp-block-group is-layout-constrained">"""
    """<div class="wp-block-group is-layout-flex">"""
    """<div class="taxonomy-post_tag wp-block-post-terms">"""
    """<a href="/tag/bridges/" rel="tag">Bridges</a>"""
    """<span class="wp-block-post-terms__separator">, </span>"""
    """<a href="/tag/weather/" rel="tag">Weather</a></div></div>\n"""
    """<nav class="wp-block-group is-layout-flex" aria-label="Posts">"""
    """<div class="post-navigation-link-previous wp-block-post-navigation-link">"""
    """<span class="wp-block-post-navigation-link__arrow-previous is-arrow-arrow" """
    """aria-hidden="true">&larr;</span>"""
    """<a href="/snow-day/" rel="prev">Snow day closes both schools</a></div>"""
    """<div class="post-navigation-link-next wp-block-post-navigation-link"></div></nav>"""
    "</div>\n"
    """<div class="wp-block-comments">"""
    """<div id="respond" class="comment-respond wp-block-post-comments-form">"""
    """<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small>"""
    """<a rel="nofollow" id="cancel-comment-reply-link" href="#respond" """
    """style="display:none;">Cancel reply</a>"""
    "</small></h3>"
    """<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" """
    """novalidate>"""
    """<p class="comment-notes">"""
    """<span id="email-notes">Your email address will not be published.</span> <span """
    """class="required-field-message">Required fields are marked <span """
    """class="required">*</span>"""
    """</span></p><p class="comment-form-comment">"""
    """<label for="comment">Comment <span class="required">*</span>"""
    """</label> <textarea id="comment" name="comment" cols="45" rows="8" required>"""
    """</textarea></p><p class="comment-form-author">"""
    """<label for="author">Name <span class="required">*</span>"""
    """</label> <input id="author" name="author" type="text" required /></p>"""
    """<p class="comment-form-cookies-consent">"""
    """<input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" """
    """value="yes" /> <label for="wp-comment-cookies-consent">Save my name, email, and website """
    """in this browser for the next time I comment.</label>"""
    """</p><p class="form-submit wp-block-button">"""
    """<input name="submit" type="submit" id="submit" class="wp-block-button__link """
    """wp-element-button" value="Post Comment" />"""
    "</p></form></div></div>\n"
    "</main>\n"
    """<footer class="wp-block-template-part"><div class="wp-block-group alignwide">"""
    """<p class="has-small-font-size">Designed with <a href="https://wordpress.org" """
    """rel="nofollow">WordPress</a>"""
    "</p></div></footer></div></body></html>"
)


def _kept(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


def _nowhere(doc: Document, *furniture: str) -> None:
    text = " ".join(_kept(doc))
    for words in furniture:
        assert words not in text, words


def test_a_docusaurus_page_keeps_its_markdown_not_its_breadcrumbs_toc_or_pager() -> None:
    doc = extract(DOCUSAURUS, url="https://relay.example/docs/scheduling")
    assert doc.title == "Scheduling jobs"
    assert P1 in _kept(doc) and P2 in _kept(doc) and P3 in _kept(doc)
    assert _kept(doc).count("Priorities") == 1
    _nowhere(doc, "Home", "Version: 2.x", "On this page", "Edit this page", "Configuration")


def test_a_phpbb_topic_keeps_its_posts_not_who_is_reading_it() -> None:
    doc = extract(PHPBB, url="https://forum.example/viewtopic.php?t=77")
    assert _kept(doc) == [F1, F2, F3]
    readers = [s for s in doc.stripped if s.text.startswith("Users browsing this forum")]
    assert [s.reason for s in readers] == [StripReason.COUNTER]


def test_a_ghost_post_keeps_its_content_not_its_signup_or_read_more_cards() -> None:
    doc = extract(GHOST, url="https://valley.example/flood/")
    assert doc.title == "Flood closes mill footbridge"
    assert _kept(doc) == [G1, G2]


def test_a_wordpress_block_theme_post_keeps_its_content_not_its_terms_pager_or_form() -> None:
    doc = extract(WPBLOCK, url="https://valley.example/2024/02/flood/")
    assert doc.title == "Flood closes mill footbridge"
    assert _kept(doc) == [G1, G2]
    _nowhere(doc, "Bridges", "Snow day", "Leave a Reply", "Post Comment")
