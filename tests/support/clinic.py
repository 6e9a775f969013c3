"""Hand-written article pages of a small clinic site (served by support.server)."""

from __future__ import annotations


def clinic_page(
    *, patients: int = 400, hedge: str = "may help", chrome: str = "Book a visit"
) -> str:
    """A clinic blog post in the shape of a page-builder site: nav, article, references, footer."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Cartilage regeneration for knee arthritis | Northfield Joint Clinic</title>
<meta property="article:modified_time" content="2025-02-11T09:00:00Z">
</head><body>
<div class="navbar w-nav"><a href="/">Home</a><a href="/treatments">Treatments</a>
<a href="/contact" class="button">{chrome}</a></div>
<main><article class="blog-post w-richtext">
<h1>Cartilage regeneration for knee arthritis</h1>
<p class="post-date">Updated on February 11, 2025</p>
<p>Knee arthritis wears down the smooth cartilage that lets the joint glide. Our physicians
have treated {patients} patients with injections of concentrated cells drawn from the
patient's own bone marrow.</p>
<p>Regenerative injections {hedge} reduce pain and stiffness within three months (1). A
controlled trial reported better walking distance after one year (2).</p>
<h2>Who is a candidate?</h2>
<p>Adults with mild to moderate arthritis who have not improved with physiotherapy are
usually considered. Severe deformity of the joint is better served by surgery.</p>
<h2>References</h2>
<ol>
<li>Marsh K, Oduya T. Marrow aspirate injections for knee osteoarthritis. J Orthop Res.
2019;37(4):812-820. doi:10.1002/jor.24211</li>
<li>Lindqvist H, et al. Cell therapy versus saline in knee arthritis: a randomized trial.
Am J Sports Med. 2021;49(2):301-309.</li>
</ol>
</article></main>
<div class="w-form"><form><input type="email" placeholder="Your email"></form>
<div class="w-form-done">Thank you! Your submission has been received!</div></div>
<footer class="footer">© 2025 Northfield Joint Clinic. All rights reserved.</footer>
</body></html>
"""
