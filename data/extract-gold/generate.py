#!/usr/bin/env python3
"""Writes the Indonesian extraction gold set: one `<id>.html` per article and `gold.json`.

Nine page layouts written for this set, each modelled on the article-page structure of a
major Indonesian outlet (its kinds of furniture and, where noted, its class names), wrap the
original articles of `articles.py`. Run from this directory: `python3 generate.py`."""

import html
import json
from articles import ARTICLES, AUTHORS, EDITORS

MENU = ["Beranda", "News", "Nasional", "Regional", "Megapolitan", "Ekonomi", "Olahraga", "Tekno", "Otomotif",
        "Hiburan", "Lifestyle", "Kesehatan", "Travel", "Edukasi", "Foto", "Video", "Indeks"]
RELATED = [
    "Cara Cek Penerima Bansos Lewat HP, Cukup Masukkan NIK",
    "Jadwal Pencairan Bantuan Tahap Berikutnya, Simak Syaratnya",
    "Warga Antre Sejak Subuh demi Paket Sembako Murah",
    "Daftar Wilayah Rawan Banjir Pekan Ini Menurut BMKG",
    "Lima Tips Menjaga Kesehatan Lansia di Musim Hujan",
    "Pemerintah Siapkan Anggaran Tambahan untuk Bantuan Sosial",
]
COMMENTS = [
    ("Warga_Peduli", "Semoga bantuannya benar-benar sampai ke warga yang membutuhkan, jangan sampai dipotong oknum di lapangan seperti tahun lalu di kampung kami."),
    ("AbahDarma", "Di desa saya masih banyak yang belum terdata padahal kondisinya jauh lebih susah, mohon pemerintah turun langsung mengecek ke rumah-rumah warga."),
    ("nenk_ayu", "Terima kasih infonya, sangat bermanfaat. Sudah saya bagikan ke grup keluarga supaya orang tua kami bisa ikut mendaftar."),
]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]


def esc(s):
    return html.escape(s, quote=True)


def meta(i):
    day, month, hour = 1 + (i * 7) % 28, 1 + (i * 5) % 12, 6 + i % 14
    return {
        "iso": f"2024-{month:02d}-{day:02d}T{hour:02d}:{(i * 13) % 60:02d}:00+07:00",
        "human": f"{day} {MONTHS[month - 1]} 2024, {hour:02d}:{(i * 13) % 60:02d} WIB",
        "author": AUTHORS[i % len(AUTHORS)],
        "editor": EDITORS[i % len(EDITORS)],
    }


def json_ld(title, url, m, typ="NewsArticle"):
    return ('<script type="application/ld+json">' + json.dumps({
        "@context": "https://schema.org", "@type": typ, "headline": title, "url": url,
        "datePublished": m["iso"], "dateModified": m["iso"],
        "author": {"@type": "Person", "name": m["author"]},
        "publisher": {"@type": "Organization", "name": "Portal Berita"},
    }, ensure_ascii=False) + "</script>")


def head(title, url, m, site, ld=True, extra=""):
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{esc(title)} - {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{esc(title)}">
<meta property="og:title" content="{esc(title)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<link rel="canonical" href="{url}">
{json_ld(title, url, m) if ld else ''}
{extra}
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"kanal": "regional"}});</script>
<style>.menu li {{ display: inline; }}</style>
</head>"""


def menu_ul(cls="nav"):
    return f'<ul class="{cls}">' + "".join(f'<li><a href="/{x.lower()}">{x}</a></li>' for x in MENU) + "</ul>"


def related_list(cls, heading):
    return (f'<div class="{cls}"><h3>{heading}</h3><ul>'
            + "".join(f'<li><a href="/read/{k}">{esc(r)}</a></li>' for k, r in enumerate(RELATED)) + "</ul></div>")


def comments_block(cls="comments"):
    return (f'<section class="{cls}" id="comments"><h3>Komentar ({len(COMMENTS)})</h3>'
            + "".join(f'<div class="comment"><b>{u}</b><p>{esc(t)}</p><a href="#">Balas</a></div>' for u, t in COMMENTS)
            + "</section>")


def footer(site):
    return (f'<footer class="footer"><ul><li><a href="/redaksi">Redaksi</a></li><li><a href="/pedoman">Pedoman Media Siber</a></li>'
            f'<li><a href="/karir">Karir</a></li><li><a href="/kontak">Kontak</a></li></ul>'
            f'<p>Copyright © 2024 {site}. All rights reserved.</p></footer>')


# Each layout returns (html, gold paragraphs).

def detik(i, title, paras, url, m):
    """detikcom: detail__body-text with ad slots labelled ADVERTISEMENT / SCROLL TO CONTINUE WITH
    CONTENT, a "Baca juga" link table between paragraphs, "Simak Video" and [Gambas:Video]."""
    first = f"<strong>Sukamaju</strong> - {paras[0]}"
    body = [f"<p>{first}</p>"]
    for k, p in enumerate(paras[1:], 1):
        if k == 1:
            body.append('<div class="parallaxindetail scrollpage"><div class="ads-scrollpage-container">'
                        '<p class="para_caption">ADVERTISEMENT</p><div class="ads-scrollpage-height"></div>'
                        '<p class="para_caption">SCROLL TO CONTINUE WITH CONTENT</p></div></div>')
        if k == 2:
            body.append(f'<table class="linksisip"><tbody><tr><td><div class="lihatjg"><strong>Baca juga: </strong>'
                        f'<a href="/read/1">{esc(RELATED[0])}</a></div></td></tr></tbody></table>')
        body.append(f"<p>{esc(p)}</p>")
    body.append('<p><strong>Simak Video "Warga Antre Bantuan Sejak Subuh":</strong></p>')
    body.append('<p>[Gambas:Video 20detik]</p>')
    body.append(f'<p>({m["author"].split()[0].lower()}/{m["editor"].split()[0].lower()})</p>')
    page = f"""{head(title, url, m, 'detikNews')}
<body><header class="header"><div class="logo"><a href="/">detik</a></div><nav class="navbar">{menu_ul()}</nav></header>
<div class="container"><div class="column-8"><article class="detail">
<div class="detail__header"><div class="page__breadcrumb"><a href="/">detikNews</a> <a href="/berita">Berita</a></div>
<h1 class="detail__title">{esc(title)}</h1>
<div class="detail__author">{m['author']} - detikNews</div><div class="detail__date">{m['human']}</div>
<div class="detail__share"><a class="share-fb" href="#">Bagikan</a><a class="share-tw" href="#">Tweet</a><a href="#">Copy link</a></div></div>
<div class="detail__media"><figure class="detail__media-image"><img src="/img/{i}.jpg" alt="">
<figcaption class="detail__media-caption">Ilustrasi. Foto: Dok. Istimewa</figcaption></figure></div>
<div class="detail__body itp_bodycontent_wrapper"><div class="detail__body-text itp_bodycontent">
{''.join(body)}
</div><div class="detail__body-tag"><div class="nav"><a class="nav__item" href="/tag/bansos">bansos</a><a class="nav__item" href="/tag/sosial">sosial</a></div></div></div>
</article>
{comments_block('komentar-box')}</div>
<div class="column-4 sidebar">{related_list('box cb-mostpop', 'Berita Terpopuler')}</div></div>
{footer('detikcom')}</body></html>"""
    gold = [f"Sukamaju - {paras[0]}"] + paras[1:]
    return page, gold


def kompas(i, title, paras, url, m):
    """Kompas.com: read__content with "Baca juga:" paragraphs inside the body, a Google News
    invitation, and "Penulis"/"Editor" credits after the text."""
    body = [f"<p><strong>KOTA, KOMPAS.com</strong> - {esc(paras[0])}</p>"]
    for k, p in enumerate(paras[1:], 1):
        body.append(f"<p>{esc(p)}</p>")
        if k in (1, 3):
            body.append(f'<p><strong>Baca juga: <a class="inner-link-baca-juga" href="/read/{k}">{esc(RELATED[k])}</a></strong></p>')
    body.append('<p>Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com. Mari bergabung di Grup Telegram, caranya klik link lalu join.</p>')
    page = f"""{head(title, url, m, 'Kompas.com')}
<body><div class="header"><div class="header__logo"><a href="/">KOMPAS.com</a></div>{menu_ul('nav__menu')}</div>
<div class="container clearfix"><div class="col-bs10-7"><div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/regional">Regional</a></div>
<h1 class="read__title">{esc(title)}</h1>
<div class="read__time">Kompas.com - {m['human']}</div>
<div class="photo"><div class="photo__wrap"><img src="/img/{i}.jpg" alt=""></div><div class="photo__caption">Petugas saat kegiatan di lapangan. (KOMPAS.com/{m['author'].upper()})</div></div>
<div class="read__credit"><div class="credit-title-name"><h6>Penulis</h6><a href="#">{m['author']}</a></div></div>
<div class="read__article mt2 clearfix"><div class="read__content"><div class="clearfix">
{''.join(body)}
</div></div></div>
<div id="penulis" class="read__credit"><div>Penulis : {m['author']}</div><div>Editor : {m['editor']}</div></div>
<div class="social--inline"><a href="#">Facebook</a><a href="#">Twitter</a><a href="#">WhatsApp</a></div>
<div class="tag"><ul class="tag__article__wrap"><li><a href="/tag/sosial">sosial</a></li></ul></div>
{related_list('latest--news', 'Berita Terkait')}
{comments_block()}</div>
<div class="col-bs10-3">{related_list('most__wrap', 'Terpopuler')}</div></div>
{footer('Kompas.com')}</body></html>"""
    gold = [f"KOTA, KOMPAS.com - {paras[0]}"] + paras[1:]
    return page, gold


def tribun(i, title, paras, url, m):
    """Tribunnews: side-article txt-article, "Baca:" lines in bold, the author in brackets after
    the last paragraph, "Halaman selanjutnya" paging and an Editor line in its own block."""
    body = [f"<p><strong>TRIBUNNEWS.COM, KOTA</strong> - {esc(paras[0])}</p>"]
    for k, p in enumerate(paras[1:], 1):
        body.append(f"<p>{esc(p)}</p>")
        if k == 1:
            body.append(f'<p class="baca"><strong>Baca juga: <a href="/read/9">{esc(RELATED[2])}</a></strong></p>')
        if k == 2:
            body.append(f'<p><strong>Baca: <a href="/read/8">{esc(RELATED[3])}</a></strong></p>')
    page = f"""{head(title, url, m, 'Tribunnews.com')}
<body><div id="header"><div class="logo">Tribunnews</div>{menu_ul('menu')}</div>
<div class="main"><div class="content"><h1 id="arttitle">{esc(title)}</h1>
<div id="penulis">Penulis: <a href="#">{m['author']}</a></div><div id="editor">Editor: <a href="#">{m['editor']}</a></div>
<time class="grey">{m['human']}</time>
<div class="ovh imgfull_div"><img src="/img/{i}.jpg" alt=""><div class="arial f12 pt5 grey2">Foto dokumentasi warga setempat.</div></div>
<div class="side-article txt-article multi-fontsize">
{''.join(body)}
</div>
<div class="paging"><a class="paging__link" href="?page=2">Halaman selanjutnya</a> <a href="?page=all">Tampilkan semua</a></div>
<div class="mb20">Editor: {m['editor']}</div>
<div class="share"><a href="#">Share</a><a href="#">Facebook</a><a href="#">Twitter</a></div>
{related_list('lsi', 'Berita Terkait')}
</div><div class="sidebar">{related_list('populer', 'Populer')}</div></div>
{footer('Tribunnews.com')}</body></html>"""
    gold = [f"TRIBUNNEWS.COM, KOTA - {paras[0]}"] + paras[1:]
    return page, gold


def antara(i, title, paras, url, m):
    """ANTARA: text directly inside div.post-content separated by <br><br>, a "Baca juga" line
    as bare text with a link, and "Pewarta"/"Editor"/copyright lines at the end."""
    parts = [f"Kota (ANTARA) - {esc(paras[0])}"] + [esc(p) for p in paras[1:]]
    text = ""
    for k, p in enumerate(parts):
        text += p + "<br><br>"
        if k == 1:
            text += f'Baca juga: <a href="/berita/1">{esc(RELATED[4])}</a><br><br>'
    text += f'<p class="text-muted small mt-2">Pewarta: {m["author"]}<br>Editor: {m["editor"]}<br>Copyright © ANTARA 2024</p>'
    page = f"""{head(title, url, m, 'ANTARA News')}
<body><nav class="navbar navbar-expand-lg">{menu_ul('navbar-nav')}</nav>
<div class="container"><div class="row"><div class="col-md-8">
<ol class="breadcrumb"><li><a href="/">Beranda</a></li><li><a href="/sosial">Sosial</a></li></ol>
<div class="wrap__article-detail"><div class="wrap__article-detail-title"><h1>{esc(title)}</h1></div>
<div class="wrap__article-detail-info"><ul class="list-inline"><li>{m['human']}</li></ul></div>
<div class="wrap__article-detail-image"><figure><img src="/img/{i}.jpg" alt=""><figcaption>Suasana kegiatan warga. ANTARA/{m['author']}</figcaption></figure></div>
<div class="wrap__article-detail-content post-content">{text}</div>
<div class="blog-tags"><ul class="list-inline"><li><a href="/tag/sosial">sosial</a></li></ul></div>
<div class="social-share"><a href="#">Facebook</a><a href="#">Twitter</a><a href="#">Copy link</a></div>
</div>{related_list('wrapper__list__article', 'Berita Terkait')}</div>
<div class="col-md-4"><aside>{related_list('terpopuler', 'Terpopuler')}</aside></div></div></div>
{footer('ANTARA')}</body></html>"""
    gold = [f"Kota (ANTARA) - {paras[0]}"] + paras[1:]
    return page, gold


def liputan6(i, title, paras, url, m):
    """Liputan6: article-content-body__item-content blocks, "Advertisement" slots, a
    baca-juga-collections list and a "Simak juga" video line."""
    items = []
    for k, p in enumerate(paras):
        text = f"<strong>Liputan6.com, Kota</strong> - {esc(p)}" if k == 0 else esc(p)
        items.append(f'<div class="article-content-body__item-content"><p>{text}</p></div>')
        if k == 0:
            items.append('<div class="advertisement-text">Advertisement</div><div class="ads ads-inarticle"></div>')
        if k == 1:
            items.append('<div class="baca-juga-collections"><div class="baca-juga-collections__title">Baca Juga</div><ul>'
                         + "".join(f'<li class="baca-juga-collections__item"><a href="/read/{j}">{esc(r)}</a></li>' for j, r in enumerate(RELATED[:3]))
                         + "</ul></div>")
    items.append('<div class="article-content-body__item-content"><p><strong>Simak juga video pilihan berikut ini:</strong></p></div>')
    page = f"""{head(title, url, m, 'Liputan6.com')}
<body><header class="navbar--top">{menu_ul('navbar--top--list')}</header>
<div class="main-container"><article class="hentry main read-page--content">
<header class="read-page--header"><h1 class="read-page--header--title entry-title">{esc(title)}</h1>
<div class="read-page--header--author"><a class="read-page--header--author__link" href="#"><span class="read-page--header--author__name">{m['author']}</span></a>
<time class="read-page--header--author__datetime updated" datetime="{m['iso']}">{m['human']}</time></div></header>
<div class="read-page--top-media"><figure><img src="/img/{i}.jpg" alt=""><figcaption class="read-page--photo-gallery--item__caption">Ilustrasi (Liputan6.com/{m['author']})</figcaption></figure></div>
<div class="article-content-body article-content-body_with-aside"><div class="article-content-body__item-page" data-page="1">
{''.join(items)}
</div></div>
<div class="read-page--social-share"><a href="#">Facebook</a><a href="#">Twitter</a><a href="#">Line</a></div>
<div class="tags--snippet"><span class="tags--snippet__name">Bantuan Sosial</span></div>
</article>{related_list('article-related', 'Artikel Terkait')}
{comments_block('comments--container')}</div>
{footer('Liputan6.com')}</body></html>"""
    gold = [f"Liputan6.com, Kota - {paras[0]}"] + paras[1:]
    return page, gold


def cnn(i, title, paras, url, m):
    """CNN Indonesia: detail-text with ADVERTISEMENT / SCROLL TO CONTINUE WITH CONTENT written
    inside a paragraph-like div, an inlinkaja "Baca juga" box, the initials signature and a
    "Halaman selanjutnya" link."""
    body = [f"<p><strong>Kota, CNN Indonesia</strong> -- {esc(paras[0])}</p>"]
    for k, p in enumerate(paras[1:], 1):
        if k == 1:
            body.append('<div class="paradetail">ADVERTISEMENT<br>SCROLL TO CONTINUE WITH CONTENT</div>')
        body.append(f"<p>{esc(p)}</p>")
        if k == 2:
            body.append(f'<div class="inlinkaja"><span>Baca juga:</span><ul><li><a href="/read/1">{esc(RELATED[1])}</a></li><li><a href="/read/2">{esc(RELATED[5])}</a></li></ul></div>')
    body.append(f'<p>({m["author"].split()[0][:3].lower()}/{m["editor"].split()[0][:3].lower()})</p>')
    body.append('<p>[Gambas:Video CNN]</p>')
    body.append('<p><a class="text-cnn_red" href="?page=2">Halaman selanjutnya</a></p>')
    page = f"""{head(title, url, m, 'CNN Indonesia')}
<body><header><div class="logo">CNN Indonesia</div><nav>{menu_ul()}</nav></header>
<div class="container"><div class="content-detail"><div class="l_content">
<div class="text-cnn_red">Nasional</div><h1 class="mb-2 text-[28px]">{esc(title)}</h1>
<div class="text-cnn_grey text-sm">{m['author']} | CNN Indonesia</div><div class="text-cnn_grey text-sm mb-4">{m['human']}</div>
<div class="detail-image"><figure><img src="/img/{i}.jpg" alt=""><figcaption>Ilustrasi. (CNN Indonesia/{m['author']})</figcaption></figure></div>
<div class="detail-wrap flex gap-4 relative"><div class="share-box"><a href="#">Bagikan</a></div>
<div class="detail-text text-cnn_black text-sm grow min-w-0">
{''.join(body)}
</div></div>
<div class="detail-tag"><a href="/tag/sosial">sosial</a></div>
</div><div class="r_content">{related_list('box-terpopuler', 'Terpopuler')}</div></div>
{related_list('berita-terkait', 'Berita Terkait')}</div>
{footer('CNN Indonesia')}</body></html>"""
    gold = [f"Kota, CNN Indonesia -- {paras[0]}"] + paras[1:]
    return page, gold


def tempo(i, title, paras, url, m):
    """Tempo: the text in div#isi inside <article>, "Pilihan Editor" and "Baca juga" lines as
    paragraphs, a newsletter box and a long comment thread."""
    body = [f"<p><strong>TEMPO.CO</strong>, <strong>Kota</strong> - {esc(paras[0])}</p>"]
    for k, p in enumerate(paras[1:], 1):
        body.append(f"<p>{esc(p)}</p>")
        if k == 1:
            body.append(f'<p><strong>Baca Juga:</strong></p><p><a href="/read/3">{esc(RELATED[3])}</a></p>')
    body.append(f'<p><strong>Pilihan Editor:</strong> <a href="/read/7">{esc(RELATED[5])}</a></p>')
    page = f"""{head(title, url, m, 'Tempo.co')}
<body><div class="nav-top">{menu_ul('nav-menu')}</div>
<section id="article"><article itemscope itemtype="https://schema.org/NewsArticle">
<div class="detail-title"><h1 class="title" itemprop="headline">{esc(title)}</h1>
<h4 class="date" itemprop="datePublished">{m['human']}</h4>
<p class="reporter">Reporter: <span itemprop="author">{m['author']}</span></p><p class="editor">Editor: {m['editor']}</p></div>
<div class="foto-detail"><img src="/img/{i}.jpg" alt=""><p class="caption">Warga beraktivitas di lokasi kegiatan. TEMPO/{m['author']}</p></div>
<div class="detail-konten" itemprop="articleBody"><div id="isi">
{''.join(body)}
</div></div>
<div class="box-newsletter"><h4>Newsletter</h4><p>Dapatkan ringkasan berita pilihan setiap pagi langsung di kotak masuk Anda.</p><form><input type="email"><button>Daftar</button></form></div>
<div class="tags-wrapper"><ul><li><a href="/tag/sosial">sosial</a></li></ul></div>
</article>{comments_block('comment-list')}</section>
<div class="right-side">{related_list('terpopuler', 'Terpopuler')}</div>
{footer('Tempo.co')}</body></html>"""
    gold = [f"TEMPO.CO, Kota - {paras[0]}"] + paras[1:]
    return page, gold


def wordpress(i, title, paras, url, m):
    """A regional WordPress news site: entry-content with a wp-caption image, Jetpack share
    and related-posts blocks, "Baca Juga:" lines, an author box and a comment list."""
    body = []
    for k, p in enumerate(paras):
        body.append(f"<p>{esc(p)}</p>")
        if k == 0:
            body.append(f'<div id="attachment_{i}" class="wp-caption aligncenter"><img src="/wp-content/{i}.jpg" alt="">'
                        f'<p class="wp-caption-text">Kegiatan warga di lokasi. (Foto: Dok. Pemkab)</p></div>')
        if k == 2:
            body.append(f'<p>Baca Juga: <a href="/2024/{k}/x">{esc(RELATED[0])}</a></p>')
    body.append(f'<p>Penulis: {m["author"]}</p>')
    page = f"""{head(title, url, m, 'Kabar Daerah')}
<body class="post-template-default single single-post">
<div id="page" class="site"><header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/">Kabar Daerah</a></p>
<p class="site-description">Berita Terkini dari Daerah</p></div><nav id="site-navigation" class="main-navigation">{menu_ul('menu')}</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{i}" class="post type-post status-publish hentry"><header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{m['iso']}">{m['human']}</time></span>
<span class="byline">oleh <span class="author vcard"><a href="#">{m['author']}</a></span></span></div></header>
<div class="entry-content">
{''.join(body)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Bagikan ini:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">WhatsApp</a></li><li><a href="#">Twitter</a></li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Terkait</h3>
{''.join(f'<div class="jp-relatedposts-post"><a href="#">{esc(r)}</a><p>{esc(r)} menjadi perhatian warga sepanjang pekan ini.</p></div>' for r in RELATED[:3])}</div>
</div><footer class="entry-footer"><span class="cat-links">Kategori: <a href="#">Sosial</a></span></footer></article>
<div class="author-info"><h2>Tentang {m['author']}</h2><p>Jurnalis yang meliput isu sosial dan pelayanan publik di daerah.</p></div>
<div id="comments" class="comments-area"><ol class="comment-list">{''.join(f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b>{u}</b></footer><div class="comment-content"><p>{esc(t)}</p></div></article></li>' for u, t in COMMENTS)}</ol>
<div id="respond" class="comment-respond"><h3>Tinggalkan Balasan</h3><form><textarea></textarea><input type="submit" value="Kirim Komentar"></form></div></div>
</main></div><aside id="secondary" class="widget-area">{related_list('widget widget_recent_entries', 'Pos-pos Terbaru')}</aside></div>
{footer('Kabar Daerah')}</div></body></html>"""
    return page, list(paras)


def government(i, title, paras, url, m):
    """A ministry press-release page: the release in a Bootstrap card body, without JSON-LD,
    with a sidebar of latest releases, a download link and a long footer of addresses."""
    body = "".join(f"<p>{esc(p)}</p>" for p in paras)
    body += f'<p>Biro Hubungan Masyarakat<br>Kementerian Sosial</p>'
    page = f"""{head(title, url, m, 'Kementerian Sosial', ld=False, extra=f'<meta name="author" content="Biro Humas"><meta property="article:published_time" content="{m["iso"]}">')}
<body><div class="topbar"><a href="/">Beranda</a> <a href="/profil">Profil</a> <a href="/ppid">PPID</a> <a href="/layanan">Layanan</a> <a href="/pengaduan">Pengaduan</a></div>
<div class="container"><div class="row"><div class="col-lg-8"><div class="card"><div class="card-body">
<h2 class="card-title">{esc(title)}</h2><p class="text-muted">Siaran Pers | {m['human']} | Dilihat 1.204 kali</p>
<img class="img-fluid" src="/img/{i}.jpg" alt="">
<div class="isi-berita">{body}</div>
<p><a class="btn btn-primary" href="/unduh/{i}.pdf">Unduh Siaran Pers (PDF)</a></p>
<div class="share-buttons"><span>Bagikan:</span> <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></div>
</div></div></div>
<div class="col-lg-4"><div class="card"><div class="card-header">Berita Terkini</div><ul class="list-group">
{''.join(f'<li class="list-group-item"><a href="#">{esc(r)}</a><small>{m["human"]}</small></li>' for r in RELATED)}</ul></div></div></div></div>
<div class="footer-area"><div class="row"><div class="col"><h5>Kementerian Sosial Republik Indonesia</h5><p>Jl. Salemba Raya No. 28, Jakarta Pusat 10430. Telepon (021) 000000.</p></div>
<div class="col"><h5>Tautan</h5><ul><li><a href="#">Portal Nasional</a></li><li><a href="#">JDIH</a></li><li><a href="#">LPSE</a></li></ul></div></div></div></body></html>"""
    return page, list(paras)


# Held-out layouts: added after the extractor had been tuned on the nine above, and scored once
# before any further change (see SOURCE.md). They reuse articles 1-8 in new markup.

def kumparan(i, title, paras, url, m):
    """kumparan: a client-rendered page with generated class names, every paragraph a <span>
    inside nested <div>s (no <p> at all), a follow box and a comment prompt."""
    def view(inner, cls="Viewweb__StyledView-sc-1ajfkkc-0 kWsRjf"):
        return f'<div class="{cls}">{inner}</div>'
    body = "".join(view(view(f'<span class="Textweb__StyledText-sc-1ed9ao-0 fYjkfd" data-qa-id="story-paragraph">{esc(p)}</span>', "Viewweb__StyledView-sc-1ajfkkc-0 jXTmBt")) for p in paras)
    page = f"""{head(title, url, m, 'kumparan')}
<body><div id="__next">{view('<a href="/">kumparan</a>' + menu_ul('NavBar__List'), 'NavBarweb__Container')}
{view(f'<h1 class="Textweb__StyledText-sc-1ed9ao-0 title">{esc(title)}</h1>' + view(f'<span>{m["author"]}</span><span>{m["human"]}</span>', 'Authorweb__Container'))}
{view('<img src="/img/x.jpg"><span class="caption">Ilustrasi penyaluran bantuan. Foto: Dok. Istimewa</span>', 'ImageStory__Container')}
{view(body, 'StoryRenderer__Container')}
{view('<span>Ikuti kumparan di Google News untuk mendapatkan berita terbaru setiap hari.</span><button>Follow</button>', 'FollowBox__Container')}
{view('<span>Tulis komentar...</span>' + ''.join(f'<div><b>{u}</b><span>{esc(t)}</span></div>' for u, t in COMMENTS), 'CommentSection__Container')}
{view(''.join(f'<a href="#">{esc(r)}</a>' for r in RELATED), 'Recommendation__Container')}</div>
{footer('kumparan')}</body></html>"""
    return page, list(paras)


def okezone(i, title, paras, url, m):
    """Okezone: div#contentx with paragraphs, a "Baca Juga:" div between them, the Google News
    follow line and numbered paging."""
    body = []
    for k, p in enumerate(paras):
        body.append(f"<p>{'<strong>JAKARTA</strong> - ' if k == 0 else ''}{esc(p)}</p>")
        if k == 1:
            body.append(f'<div class="baca-juga"><span>Baca Juga:</span> <a href="#"><strong>{esc(RELATED[2])}</strong></a></div>')
    body.append('<p><strong>Follow Berita Okezone di Google News</strong></p>')
    page = f"""{head(title, url, m, 'Okezone')}
<body><div class="headnews">{menu_ul('menu-top')}</div>
<div class="container-bodyhome-left"><div class="title"><h1>{esc(title)}</h1></div>
<div class="reporter"><div class="namerep">{m['author']}, <b>Jurnalis</b></div><div class="datepublish">{m['human']}</div></div>
<div class="detfoto"><img src="/img/{i}.jpg"><div class="caption-img">Ilustrasi. (Foto: Okezone)</div></div>
<div id="contentx" class="read">{''.join(body)}</div>
<div class="paging newsdetail"><a href="#">1</a><a href="#">2</a><a href="#">Selanjutnya</a></div>
<div class="detail-tag newtag"><a href="#">bansos</a></div>{related_list('news-fokus', 'Berita Terkait')}</div>
<div class="container-bodyhome-right">{related_list('terpopuler', 'Terpopuler')}</div>
{footer('Okezone')}</body></html>"""
    gold = [f"JAKARTA - {paras[0]}"] + paras[1:]
    return page, gold


def suara(i, title, paras, url, m):
    """Suara.com: article.detail-content, a "Baca 10 detik" summary list before the text,
    "Baca Juga:" list items between paragraphs and a video embed."""
    body = []
    for k, p in enumerate(paras):
        body.append(f"<p>{'<strong>Suara.com</strong> - ' if k == 0 else ''}{esc(p)}</p>")
        if k == 2:
            body.append(f'<ul><li>Baca Juga:<a href="#">{esc(RELATED[1])}</a></li><li><a href="#">{esc(RELATED[4])}</a></li></ul>')
    page = f"""{head(title, url, m, 'Suara.com')}
<body><header class="header">{menu_ul('nav-menu')}</header>
<div class="wrapper"><div class="content-article"><div class="info"><h1>{esc(title)}</h1>
<div class="writer"><span>{m['author']}</span> | <time>{m['human']}</time></div></div>
<div class="baca-10-detik"><b>Baca 10 detik</b><ul><li>{esc(paras[0][:60])}...</li><li>{esc(paras[1][:60])}...</li></ul></div>
<article class="detail-content detail-berita">{''.join(body)}<div class="video-embed"><iframe src="https://video.example/x"></iftame></div></article>
<div class="tag-detail"><a href="#">sosial</a></div></div>
<div class="sidebar">{related_list('most-popular', 'Terpopuler')}</div></div>
{footer('Suara.com')}</body></html>"""
    gold = [f"Suara.com - {paras[0]}"] + paras[1:]
    return page, gold


def republika(i, title, paras, url, m):
    """Republika: article-content with the REPUBLIKA.CO.ID dateline, a baca-juga block, a
    "Sumber" line and a Disqus thread placeholder."""
    body = []
    for k, p in enumerate(paras):
        body.append(f"<p>{'<strong>REPUBLIKA.CO.ID, JAKARTA</strong> -- ' if k == 0 else ''}{esc(p)}</p>")
        if k == 0:
            body.append(f'<div class="baca-juga"><p>Baca Juga</p><ul><li><a href="#">{esc(RELATED[3])}</a></li><li><a href="#">{esc(RELATED[5])}</a></li></ul></div>')
    body.append('<p>Sumber: Antara</p>')
    page = f"""{head(title, url, m, 'Republika Online')}
<body><nav class="main-menu">{menu_ul()}</nav>
<div class="main-content"><div class="max-card__title"><h1>{esc(title)}</h1></div>
<div class="date-detail">Rep: {m['author']}/ Red: {m['editor']} | {m['human']}</div>
<div class="max-card__image"><img src="/img/{i}.jpg"><div class="caption">Ilustrasi</div></div>
<div class="article-content">{''.join(body)}</div>
<div class="tag-list"><a href="#">bansos</a></div>
<div id="disqus_thread"><p>Silakan login untuk berkomentar. Komentar yang tidak sesuai pedoman akan dihapus.</p></div>
{related_list('berita-terkait', 'Berita Terkait')}</div>
{footer('Republika')}</body></html>"""
    gold = [f"REPUBLIKA.CO.ID, JAKARTA -- {paras[0]}"] + paras[1:]
    return page, gold


HELD_OUT = [kumparan, okezone, suara, republika]


LAYOUTS = [detik, kompas, tribun, antara, liputan6, cnn, tempo, wordpress, government]
HOSTS = {"detik": "news.detik.example", "kompas": "regional.kompas.example", "tribun": "www.tribunnews.example",
         "antara": "www.antaranews.example", "liputan6": "www.liputan6.example", "cnn": "www.cnnindonesia.example",
         "tempo": "nasional.tempo.example", "wordpress": "kabardaerah.example", "government": "kemensos.example",
         "kumparan": "kumparan.example", "okezone": "news.okezone.example", "suara": "www.suara.example",
         "republika": "news.republika.example"}


def slug(title):
    return "-".join("".join(c for c in w.lower() if c.isalnum()) for w in title.split())[:70].strip("-")


def main():
    gold = {}
    for i, (title, paras) in enumerate(ARTICLES):
        layout = LAYOUTS[i % len(LAYOUTS)]
        name = layout.__name__
        pid = f"{i + 1:02d}-{name}"
        url = f"https://{HOSTS[name]}/read/2024/{100000 + i * 37}/{slug(title)}"
        page, body = layout(i, title, paras, url, meta(i))
        with open(f"{pid}.html", "w", encoding="utf-8") as f:
            f.write(page)
        gold[pid] = {"url": url, "title": title, "articleBody": "\n\n".join(body), "published": meta(i)["iso"],
                     "author": meta(i)["author"] if name != "government" else "Biro Humas"}
    for k in range(8):
        layout = HELD_OUT[k % len(HELD_OUT)]
        name = layout.__name__
        title, paras = ARTICLES[k]
        i = len(ARTICLES) + k
        pid = f"{i + 1:02d}-{name}"
        url = f"https://{HOSTS[name]}/read/2024/{100000 + i * 37}/{slug(title)}"
        page, body = layout(i, title, paras, url, meta(i))
        with open(f"{pid}.html", "w", encoding="utf-8") as f:
            f.write(page)
        gold[pid] = {"url": url, "title": title, "articleBody": "\n\n".join(body), "published": meta(i)["iso"],
                     "author": meta(i)["author"]}
    with open("gold.json", "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
