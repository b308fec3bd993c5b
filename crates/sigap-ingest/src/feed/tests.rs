use super::*;

const BASE: &str = "https://www.antaranews.com/rss/terkini.xml";

fn entries(body: &str) -> Vec<Entry> {
    match parse_listing(body, BASE) {
        Ok(Listing::Entries(entries)) => entries,
        other => panic!("expected entries, got {other:?}"),
    }
}

fn utc(rfc3339: &str) -> Option<DateTime<Utc>> {
    Some(
        DateTime::parse_from_rfc3339(rfc3339)
            .expect("a date")
            .to_utc(),
    )
}

#[test]
fn an_antara_style_rss_2_feed_is_read() {
    let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>ANTARA News - Terkini</title>
    <link>https://www.antaranews.com</link>
    <item>
      <title>Banjir rendam ratusan rumah di Kabupaten Bandung</title>
      <link>https://www.antaranews.com/berita/4501234/banjir-rendam-ratusan-rumah</link>
      <description><![CDATA[<img src="x.jpg"/> Ratusan rumah warga terendam &amp; <b>200 jiwa</b> mengungsi.]]></description>
      <pubDate>Wed, 03 Dec 2026 08:15:00 +0700</pubDate>
      <dc:creator>Ajat Sudrajat</dc:creator>
    </item>
    <item>
      <title>Item tanpa tautan</title>
      <description>dilewati</description>
    </item>
    <item>
      <title>Penyaluran BLT Desa &amp; PKH tahap akhir</title>
      <link>/berita/4501240/penyaluran-blt</link>
      <pubDate>Thu, 04 Dec 2026 10:00:00 WIB</pubDate>
    </item>
    <item>
      <title>Tautan javascript</title>
      <link>javascript:alert(1)</link>
    </item>
  </channel>
</rss>"#;
    let got = entries(rss);
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0],
        Entry {
            url: "https://www.antaranews.com/berita/4501234/banjir-rendam-ratusan-rumah".into(),
            title: Some("Banjir rendam ratusan rumah di Kabupaten Bandung".into()),
            summary: Some("Ratusan rumah warga terendam & 200 jiwa mengungsi.".into()),
            published: utc("2026-12-03T01:15:00Z"),
            author: Some("Ajat Sudrajat".into()),
        }
    );
    assert_eq!(
        got[1].url,
        "https://www.antaranews.com/berita/4501240/penyaluran-blt"
    );
    assert_eq!(
        got[1].title.as_deref(),
        Some("Penyaluran BLT Desa & PKH tahap akhir")
    );
    assert_eq!(got[1].published, utc("2026-12-04T03:00:00Z"));
}

#[test]
fn an_rss_guid_serves_as_the_link_only_when_it_is_a_permalink() {
    let rss = r#"<rss><channel>
      <item><title>a</title><guid>https://kabar.example/a</guid></item>
      <item><title>b</title><guid isPermaLink="false">https://kabar.example/b</guid></item>
    </channel></rss>"#;
    let got = entries(rss);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].url, "https://kabar.example/a");
}

#[test]
fn an_rss_1_feed_is_read() {
    let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://daerah.example/rss">
    <title>Kabar Daerah</title>
  </channel>
  <item rdf:about="https://daerah.example/2026/12/warga-lansia-terlantar">
    <title>Warga lansia terlantar di Kupang</title>
    <link>https://daerah.example/2026/12/warga-lansia-terlantar</link>
    <description>Dinas Sosial turun tangan.</description>
    <dc:date>2026-12-02T14:30:00+08:00</dc:date>
    <dc:creator>Redaksi</dc:creator>
  </item>
</rdf:RDF>"#;
    let got = entries(rdf);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].url,
        "https://daerah.example/2026/12/warga-lansia-terlantar"
    );
    assert_eq!(got[0].published, utc("2026-12-02T06:30:00Z"));
    assert_eq!(got[0].author.as_deref(), Some("Redaksi"));
}

#[test]
fn an_atom_feed_is_read_with_relative_links_resolved() {
    let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Berita Kesejahteraan</title>
  <entry>
    <title type="html">Anak putus sekolah &lt;b&gt;meningkat&lt;/b&gt;</title>
    <link rel="enclosure" href="https://cdn.example/foto.jpg"/>
    <link rel="alternate" href="/2026/12/anak-putus-sekolah"/>
    <id>tag:kesra.example,2026:1</id>
    <updated>2026-12-01T09:00:00Z</updated>
    <published>2026-12-01T08:00:00+07:00</published>
    <summary>Angka putus sekolah naik di tiga kecamatan.</summary>
    <author><name>Siti Rahma</name></author>
  </entry>
  <entry>
    <title>Tanpa tautan</title>
  </entry>
</feed>"#;
    let got = entries(atom);
    assert_eq!(
        got,
        vec![Entry {
            url: "https://www.antaranews.com/2026/12/anak-putus-sekolah".into(),
            title: Some("Anak putus sekolah meningkat".into()),
            summary: Some("Angka putus sekolah naik di tiga kecamatan.".into()),
            published: utc("2026-12-01T01:00:00Z"),
            author: Some("Siti Rahma".into()),
        }]
    );
}

#[test]
fn a_json_feed_is_read() {
    let json = r#"{
      "version": "https://jsonfeed.org/version/1.1",
      "title": "Portal Warga",
      "items": [
        {"id": "1", "url": "https://warga.example/laporan/1", "title": "Jalan desa rusak parah",
         "content_text": "Warga Desa Sukamaju mengeluhkan jalan.", "date_published": "2026-12-03T07:00:00+07:00",
         "authors": [{"name": "Budi"}]},
        {"id": "2", "external_url": "laporan/2", "title": "Relatif"},
        {"id": "3", "title": "Tanpa tautan"}
      ]
    }"#;
    let got = entries(json);
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].summary.as_deref(),
        Some("Warga Desa Sukamaju mengeluhkan jalan.")
    );
    assert_eq!(got[0].published, utc("2026-12-03T00:00:00Z"));
    assert_eq!(got[0].author.as_deref(), Some("Budi"));
    assert_eq!(got[1].url, "https://www.antaranews.com/rss/laporan/2");
}

#[test]
fn a_google_news_sitemap_is_read() {
    let sitemap = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://www.kompas.example/read/2026/12/03/gizi-buruk-balita</loc>
    <news:news>
      <news:publication><news:name>Kompas</news:name><news:language>id</news:language></news:publication>
      <news:publication_date>2026-12-03T10:20:00+07:00</news:publication_date>
      <news:title>Kasus gizi buruk balita ditemukan di Lombok Timur</news:title>
    </news:news>
  </url>
  <url>
    <loc>https://www.kompas.example/tag/sosial</loc>
    <lastmod>2026-12-02</lastmod>
  </url>
  <url><lastmod>2026-12-02</lastmod></url>
</urlset>"#;
    let got = entries(sitemap);
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].title.as_deref(),
        Some("Kasus gizi buruk balita ditemukan di Lombok Timur")
    );
    assert_eq!(got[0].published, utc("2026-12-03T03:20:00Z"));
    assert_eq!(got[1].title, None);
    assert_eq!(got[1].published, utc("2026-12-02T00:00:00Z"));
}

#[test]
fn a_sitemap_index_lists_its_sitemaps() {
    let index = r#"<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://www.antaranews.com/sitemap-news.xml</loc><lastmod>2026-12-03</lastmod></sitemap>
  <sitemap><loc>/sitemap-2026-12.xml</loc></sitemap>
  <sitemap><loc>ftp://salah.example/x.xml</loc></sitemap>
</sitemapindex>"#;
    assert_eq!(
        parse_listing(index, BASE).expect("an index"),
        Listing::Sitemaps(vec![
            "https://www.antaranews.com/sitemap-news.xml".into(),
            "https://www.antaranews.com/sitemap-2026-12.xml".into(),
        ])
    );
}

#[test]
fn broken_xml_is_an_error() {
    let broken = "<rss><channel><item><title>Banjir</item></channel></rss>";
    let err = parse_listing(broken, BASE).expect_err("broken");
    assert!(matches!(err, ParseError::Xml(_)), "{err:?}");
    assert!(err.to_string().starts_with("XML rusak: "));
    let cut = "<rss><channel><item><title>Banjir</title>";
    assert!(matches!(parse_listing(cut, BASE), Err(ParseError::Xml(_))));
}

#[test]
fn other_documents_are_not_listings() {
    for body in [
        "<!DOCTYPE html><html><body>hai</body></html>",
        "<svg></svg>",
        "halo",
        "",
        "{\"a\":1}",
    ] {
        let err = parse_listing(body, BASE).expect_err(body);
        assert_eq!(
            err.to_string(),
            "bukan feed atau sitemap yang dikenali",
            "{body}"
        );
    }
    assert!(matches!(parse_listing("{", BASE), Err(ParseError::Json(_))));
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = "<a>".repeat(100_000);
    assert!(matches!(
        parse_listing(&deep, BASE),
        Err(ParseError::Xml(_))
    ));
}

#[test]
fn summaries_lose_their_markup_and_entities() {
    assert_eq!(
        plain("<p>Caf&eacute; &amp; te&#x68; &#233;</p>\n<br/>x &"),
        "Caf&eacute; & teh é x &"
    );
}

#[test]
fn dates_in_the_wild_are_read() {
    assert_eq!(
        parse_date("Wed, 03 Dec 2026 08:15:00 +0700"),
        utc("2026-12-03T01:15:00Z")
    );
    assert_eq!(
        parse_date("03 Dec 2026 08:15:00 GMT"),
        utc("2026-12-03T08:15:00Z")
    );
    assert_eq!(
        parse_date("2026-12-03T08:15+07:00"),
        utc("2026-12-03T01:15:00Z")
    );
    assert_eq!(
        parse_date("2026-12-03 08:15:00"),
        utc("2026-12-03T08:15:00Z")
    );
    assert_eq!(parse_date("kemarin"), None);
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(body in ".*") {
        let _ = parse_listing(&body, BASE);
    }

    #[test]
    fn arbitrary_markup_never_panics(body in "[<>/a-z:=\"' &;{}\\[\\]!?-]{0,200}") {
        let _ = parse_listing(&body, BASE);
        let _ = parse_listing(&format!("<rss><channel><item>{body}</item></channel></rss>"), BASE);
    }
}
