//! Open311 GeoReport v2 through the real router: services, definitions, filing with an API
//! key, public reads without personal data, tokens, discovery, updates, and the spec's errors
//! in JSON and in XML (parsed back with quick-xml, so every XML answer is well-formed).

use super::*;

/// An XML element, parsed back: its name, text and children.
#[derive(Debug)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn child(&self, name: &str) -> &Element {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("<{}> has no <{name}>: {self:?}", self.name))
    }

    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

/// Parses a whole XML document with quick-xml; panics if it is not well-formed.
pub fn xml(text: &str) -> Element {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("not XML ({e}): {text}"))
        {
            Event::Start(e) => stack.push(Element {
                name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                text: String::new(),
                children: Vec::new(),
            }),
            Event::Empty(e) => {
                let el = Element {
                    name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    text: String::new(),
                    children: Vec::new(),
                };
                stack
                    .last_mut()
                    .expect("an element inside the root")
                    .children
                    .push(el);
            }
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .unwrap_or_else(|e| panic!("bad text ({e}): {text}"));
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                } else {
                    assert!(s.trim().is_empty(), "text outside the root: {text}");
                }
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => {
                        assert!(root.is_none(), "two roots: {text}");
                        root = Some(done);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {text}");
    root.unwrap_or_else(|| panic!("no root element: {text}"))
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

const DESCRIPTION: &str =
    "Nenek 80 tahun hidup sendiri di gubuk reyot, sudah dua hari tidak makan.";

/// Files a request through Open311 with the admin's key; returns the answer.
async fn file(app: &App, ext: &str, extra: &[(&str, &str)]) -> Reply {
    let mut pairs = vec![
        ("api_key", TOKEN),
        ("service_code", "lansia"),
        ("description", DESCRIPTION),
        ("address_id", "32.01.05"),
        ("address_string", "Desa Sukamaju, Kec. Cibungbulang"),
        ("first_name", "Siti"),
        ("last_name", "Aminah"),
        ("phone", "081234567890"),
    ];
    for (k, v) in extra {
        pairs.retain(|(name, _)| name != k);
        pairs.push((k, v));
    }
    pairs.retain(|(_, v)| !v.is_empty());
    app.send_form(&format!("/open311/v2/requests.{ext}"), &form(&pairs), &[])
        .await
}

/// The ticket of a request filed as JSON.
async fn file_ticket(app: &App, extra: &[(&str, &str)]) -> String {
    let r = file(app, "json", extra).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    r.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Asserts the spec's error array in JSON: one or more `{code, description}` with `code` the
/// HTTP status; returns the descriptions joined.
fn json_error(r: &Reply, status: StatusCode) -> String {
    assert_eq!(r.status, status, "{}", r.text);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let errors = r.json();
    let errors = errors
        .as_array()
        .unwrap_or_else(|| panic!("an array: {}", r.text));
    assert!(!errors.is_empty());
    errors
        .iter()
        .map(|e| {
            assert_eq!(e["code"], status.as_u16(), "{}", r.text);
            e["description"].as_str().unwrap().to_owned()
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn xml_error(r: &Reply, status: StatusCode) -> String {
    assert_eq!(r.status, status, "{}", r.text);
    assert!(
        r.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    let root = xml(&r.text);
    assert_eq!(root.name, "errors");
    let error = root.child("error");
    assert_eq!(error.child("code").text, status.as_u16().to_string());
    error.child("description").text.clone()
}

async fn get(app: &App, uri: &str) -> Reply {
    app.send(Method::GET, uri, None, &[]).await
}

/// Extra form parameters of a request (replacing the default ones of the same name).
type Params<'a> = Vec<(&'a str, &'a str)>;

const PRIVATE: [&str; 6] = [
    "Siti",
    "Aminah",
    "0812",
    "6281234567890",
    "Nenek",
    "Sukamaju",
];

api_tests! {
    async fn open311_services_are_sigap_labels_in_json_and_xml(app: &App) {
        let r = get(app, "/open311/v2/services.json").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let services = r.json();
        let services = services.as_array().unwrap();
        assert_eq!(services.len(), 13);
        let lansia = services.iter().find(|s| s["service_code"] == "lansia").unwrap();
        assert_eq!(lansia["service_name"], "Elderly people");
        assert_eq!(lansia["metadata"], true);
        assert_eq!(lansia["type"], "realtime");
        assert!(services.iter().any(|s| s["service_code"] == "bansos"));

        let r = get(app, "/open311/v2/services.xml").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert!(r.text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        let root = xml(&r.text);
        assert_eq!(root.name, "services");
        let all = root.all("service");
        assert_eq!(all.len(), 13);
        assert!(all.iter().any(|s| s.child("service_code").text == "korban_bencana"
            && s.child("metadata").text == "true"));
    }

    async fn open311_a_service_definition_lists_its_attribute_and_an_unknown_service_is_404(app: &App) {
        let r = get(app, "/open311/v2/services/lansia.json").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let d = r.json();
        assert_eq!(d["service_code"], "lansia");
        assert_eq!(d["attributes"][0]["code"], "urgency");
        assert_eq!(d["attributes"][0]["datatype"], "singlevaluelist");
        assert_eq!(d["attributes"][0]["values"][0]["key"], "high");

        let root = xml(&get(app, "/open311/v2/services/lansia.xml").await.text);
        assert_eq!(root.name, "service_definition");
        let attribute = root.child("attributes").child("attribute");
        assert_eq!(attribute.child("code").text, "urgency");
        assert_eq!(attribute.child("values").all("value").len(), 2);

        let d = json_error(&get(app, "/open311/v2/services/potholes.json").await, StatusCode::NOT_FOUND);
        assert!(d.contains("service_code 'potholes' was not found"), "{d}");
        xml_error(&get(app, "/open311/v2/services/potholes.xml").await, StatusCode::NOT_FOUND);
    }

    async fn open311_a_request_filed_with_a_key_becomes_a_routed_case(app: &App) {
        let r = file(app, "json", &[("attribute[urgency]", "high"), ("lat", "-6.59"), ("long", "106.62")]).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let answer = r.json();
        let ticket = answer[0]["service_request_id"].as_str().unwrap();
        assert!(ticket.starts_with("SGP-2611-"), "{ticket}");
        assert!(answer[0]["token"].as_str().is_some());

        let cases = app.admin_get("/api/v1/cases").await.json();
        let case = cases["items"].as_array().unwrap().iter().find(|c| c["ticket"] == ticket).unwrap();
        let case = app.admin_get(&format!("/api/v1/cases/{}", case["id"].as_str().unwrap())).await.json();
        assert_eq!(case["channel"], "api");
        assert_eq!(case["type"], "orang_rentan");
        assert_eq!(case["categories"], json!(["lansia"]));
        assert_eq!(case["urgency"], "high");
        assert_eq!(case["location"]["region_code"], "32.01.05");
        assert_eq!(case["location"]["latitude"], -6.59);
        assert!(case["sentra"]["id"].as_str().is_some(), "routed to a Sentra: {case}");
        assert_eq!(case["reporter"]["name"], "Siti Aminah");
        assert_eq!(case["history"][0]["actor"], "admin");

        // The XML answer, with the key in the query string and a complaint type as service.
        let pairs = form(&[("service_code", "bansos"), ("description", DESCRIPTION), ("address_id", "32.01")]);
        let r = app.send_form(&format!("/open311/v2/requests.xml?api_key={TOKEN}"), &pairs, &[]).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let root = xml(&r.text);
        assert_eq!(root.name, "service_requests");
        let ticket = &root.child("request").child("service_request_id").text;
        assert!(ticket.starts_with("SGP-2611-"), "{ticket}");
        let case = get(app, &format!("/open311/v2/requests/{ticket}.json")).await.json();
        assert_eq!(case[0]["service_code"], "bansos");
    }

    async fn open311_filing_needs_a_valid_key_of_an_intake_role(app: &App) {
        let d = json_error(&file(app, "json", &[("api_key", "")]).await, StatusCode::FORBIDDEN);
        assert!(d.contains("api_key was not provided"), "{d}");
        let d = xml_error(&file(app, "xml", &[("api_key", "sgp_not-a-token")]).await, StatusCode::FORBIDDEN);
        assert!(d.contains("api_key is invalid"), "{d}");
        app.account("pemantau", "viewer", &[], "test-viewer-token-0123456789").await;
        let d = json_error(&file(app, "json", &[("api_key", "test-viewer-token-0123456789")]).await, StatusCode::FORBIDDEN);
        assert!(d.contains("admin, supervisor or operator"), "{d}");
        app.account("operator1", "operator", &[], "test-operator-token-0123456789").await;
        file_ticket(app, &[("api_key", "test-operator-token-0123456789")]).await;
        assert_eq!(app.cases().await, 1, "only the operator's request was filed");

        // A retry with the same Idempotency-Key and body answers the first case.
        let body = form(&[("api_key", TOKEN), ("service_code", "anak"), ("address_id", "32.01"), ("description", DESCRIPTION)]);
        let first = app.send_form("/open311/v2/requests.json", &body, &[("idempotency-key", "app-42")]).await;
        let again = app.send_form("/open311/v2/requests.json", &body, &[("idempotency-key", "app-42")]).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
        assert_eq!(again.json()[0]["service_request_id"], first.json()[0]["service_request_id"]);
        assert_eq!(app.cases().await, 2);
        let d = json_error(&app.send_form("/open311/v2/requests.json", &body, &[("idempotency-key", "")]).await, StatusCode::BAD_REQUEST);
        assert!(d.contains("Idempotency-Key"), "{d}");
    }

    async fn open311_bad_input_gets_the_specs_errors_with_a_precise_description(app: &App) {
        let cases: Vec<(Params, StatusCode, &str)> = vec![
            (vec![("jurisdiction_id", "chicago.il")], StatusCode::NOT_FOUND, "jurisdiction_id 'chicago.il' was not found"),
            (vec![("lat", "200"), ("long", "106.6")], StatusCode::BAD_REQUEST, "lat must be a number from -90 to 90"),
            (vec![("lat", "abc"), ("long", "106.6")], StatusCode::BAD_REQUEST, "not 'abc'"),
            (vec![("lat", "-6.5")], StatusCode::BAD_REQUEST, "lat and long must be given together"),
            (vec![("lat", "48.85"), ("long", "2.35")], StatusCode::BAD_REQUEST, "lat/long: The coordinates are outside Indonesia"),
            (vec![("service_code", "potholes")], StatusCode::NOT_FOUND, "service_code 'potholes' was not found"),
            (vec![("service_code", "")], StatusCode::BAD_REQUEST, "service_code was not provided"),
            (vec![("address_id", ""), ("address_string", "")], StatusCode::BAD_REQUEST, "A location is required"),
            (vec![("address_id", "99.99")], StatusCode::BAD_REQUEST, "address_id: There is no province with code \"99\""),
            (vec![("address_id", "32.99")], StatusCode::BAD_REQUEST, "address_id: Region code 32.99 is not in the Kemendagri list"),
            (vec![("description", "tolong")], StatusCode::BAD_REQUEST, "description: Please describe"),
            (vec![("attribute[urgency]", "soon")], StatusCode::BAD_REQUEST, "attribute[urgency]:"),
            (vec![("email", "not-an-address")], StatusCode::BAD_REQUEST, "email:"),
        ];
        for (extra, status, expected) in &cases {
            let d = json_error(&file(app, "json", extra).await, *status);
            assert!(d.contains(expected), "{extra:?}: {d}");
            let d = xml_error(&file(app, "xml", extra).await, *status);
            assert!(d.contains(expected), "{extra:?} (XML): {d}");
        }
        // Ours is accepted, in any case.
        file_ticket(app, &[("jurisdiction_id", "SIGAP.test")]).await;
        let big = "x".repeat(20 * 1024);
        let d = json_error(&file(app, "json", &[("description", &big)]).await, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(d.contains("too large"), "{d}");
        let r = app.send(Method::POST, "/open311/v2/requests.json", Some("{\"service_code\":\"lansia\"}"), &[]).await;
        assert!(json_error(&r, StatusCode::BAD_REQUEST).contains("application/x-www-form-urlencoded"));
        assert!(json_error(&get(app, "/open311/v2/nothing.json").await, StatusCode::NOT_FOUND).contains("no Open311 resource at /open311/v2/nothing.json"));
        xml_error(&get(app, "/open311/v2/nothing.xml").await, StatusCode::NOT_FOUND);
        let d = xml_error(&app.send(Method::DELETE, "/open311/v2/services.xml", None, &[]).await, StatusCode::METHOD_NOT_ALLOWED);
        assert!(d.contains("DELETE /open311/v2/services.xml is not supported"), "{d}");
        assert_eq!(app.cases().await, 1);
    }

    async fn open311_public_requests_are_filtered_and_show_no_personal_data(app: &App) {
        let lansia = file_ticket(app, &[]).await;
        let bansos = file_ticket(app, &[("service_code", "bansos")]).await;
        let cases = app.admin_get("/api/v1/cases").await.json();
        let id = cases["items"].as_array().unwrap().iter().find(|c| c["ticket"] == bansos.as_str()).unwrap()["id"].as_str().unwrap().to_owned();
        let r = app.admin_post(&format!("/api/v1/cases/{id}/events"), &json!({"action": "tolak", "note": "Sudah terdaftar sebagai penerima PKH"}), &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);

        let r = get(app, "/open311/v2/requests.json").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        for private in PRIVATE.iter().chain(&["PKH", "Cibungbulang", "-6.", "32.01.05"]) {
            assert!(!r.text.contains(private), "GET requests shows {private}: {}", r.text);
        }
        let all = r.json();
        assert_eq!(all.as_array().unwrap().len(), 2);
        let first = all.as_array().unwrap().iter().find(|c| c["service_request_id"] == lansia.as_str()).unwrap();
        assert_eq!(first["status"], "open");
        assert_eq!(first["service_code"], "lansia");
        assert_eq!(first["address_id"], "32.01");
        assert_eq!(first["requested_datetime"], "2026-11-23T02:00:00Z");
        assert!(first.get("description").is_none() && first.get("address").is_none() && first.get("lat").is_none());

        let only = |r: Reply| -> Vec<String> {
            r.json().as_array().unwrap().iter().map(|c| c["service_request_id"].as_str().unwrap().to_owned()).collect()
        };
        assert_eq!(only(get(app, "/open311/v2/requests.json?service_code=bansos").await), vec![bansos.clone()]);
        assert_eq!(only(get(app, "/open311/v2/requests.json?status=closed").await), vec![bansos.clone()]);
        assert_eq!(only(get(app, "/open311/v2/requests.json?status=open&service_code=lansia,bansos").await), vec![lansia.clone()]);
        assert_eq!(only(get(app, &format!("/open311/v2/requests.json?service_request_id={lansia},SGP-2611-99999&status=closed")).await), vec![lansia.clone()]);
        assert!(only(get(app, "/open311/v2/requests.json?start_date=2026-10-01T00:00:00Z&end_date=2026-11-01T00:00:00Z").await).is_empty());
        assert_eq!(only(get(app, "/open311/v2/requests.json?start_date=2026-11-23T01:00:00%2B00:00&end_date=2026-11-23T02:00:00Z").await).len(), 2);
        assert_eq!(only(get(app, "/open311/v2/requests.json?start_date=2026-11-23T08:00:00+07:00").await).len(), 2, "an unencoded + offset");

        let d = json_error(&get(app, "/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-11-01T00:00:00Z").await, StatusCode::BAD_REQUEST);
        assert!(d.contains("more than 90 days"), "{d}");
        assert!(json_error(&get(app, "/open311/v2/requests.json?start_date=yesterday").await, StatusCode::BAD_REQUEST).contains("w3c date-time"));
        assert!(json_error(&get(app, "/open311/v2/requests.json?status=pending").await, StatusCode::BAD_REQUEST).contains("open or closed"));
        assert!(json_error(&get(app, "/open311/v2/requests.json?service_code=potholes").await, StatusCode::NOT_FOUND).contains("potholes"));
        json_error(&get(app, "/open311/v2/requests.json?jurisdiction_id=boston").await, StatusCode::NOT_FOUND);

        let root = xml(&get(app, "/open311/v2/requests.xml?status=closed").await.text);
        assert_eq!(root.name, "service_requests");
        let request = root.child("request");
        assert_eq!(request.child("service_request_id").text, bansos);
        assert_eq!(request.child("status").text, "closed");
        assert_eq!(request.child("status_notes").text, "Rejected");
    }

    async fn open311_one_request_by_id_and_an_unknown_one_is_404(app: &App) {
        let ticket = file_ticket(app, &[]).await;
        let r = get(app, &format!("/open311/v2/requests/{ticket}.json")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let one = r.json();
        assert_eq!(one.as_array().unwrap().len(), 1);
        assert_eq!(one[0]["service_request_id"], ticket.as_str());
        assert_eq!(one[0]["status"], "open");
        assert!(one[0]["agency_responsible"].as_str().unwrap().starts_with("Sentra"), "{one}");
        for private in PRIVATE {
            assert!(!r.text.contains(private), "{private}: {}", r.text);
        }
        let root = xml(&get(app, &format!("/open311/v2/requests/{ticket}.xml")).await.text);
        assert_eq!(root.child("request").child("service_request_id").text, ticket);

        // A confidential case shows its status only, even to someone who guesses its ticket.
        let mut secret = minimal();
        secret["confidential"] = json!(true);
        secret["categories"] = json!(["korban_kekerasan"]);
        let secret = app.admin_post("/api/v1/complaints", &secret, &[]).await.json()["ticket"].as_str().unwrap().to_owned();
        let r = get(app, &format!("/open311/v2/requests/{secret}.json")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(r.json()[0]["status"], "open");
        for hidden in ["korban_kekerasan", "service_code", "agency_responsible", "address_id", "32.01"] {
            assert!(!r.text.contains(hidden), "a confidential case shows {hidden}: {}", r.text);
        }
        let listed = get(app, "/open311/v2/requests.json").await.text;
        assert!(listed.contains(&ticket) && !listed.contains(&secret), "{listed}");

        let d = json_error(&get(app, "/open311/v2/requests/SGP-2611-99999.json").await, StatusCode::NOT_FOUND);
        assert!(d.contains("service_request_id 'SGP-2611-99999' was not found"), "{d}");
        let d = xml_error(&get(app, "/open311/v2/requests/%3Cscript%3E.xml").await, StatusCode::NOT_FOUND);
        assert!(d.contains("'<script>'"), "{d}");
    }

    async fn open311_a_token_resolves_to_its_request(app: &App) {
        let r = file(app, "json", &[]).await;
        let answer = r.json();
        let (ticket, token) = (answer[0]["service_request_id"].as_str().unwrap(), answer[0]["token"].as_str().unwrap());
        let t = get(app, &format!("/open311/v2/tokens/{token}.json")).await;
        assert_eq!(t.status, StatusCode::OK, "{}", t.text);
        assert_eq!(t.json(), json!([{"service_request_id": ticket, "token": token}]));
        let root = xml(&get(app, &format!("/open311/v2/tokens/{token}.xml")).await.text);
        assert_eq!(root.child("request").child("service_request_id").text, ticket);
        json_error(&get(app, "/open311/v2/tokens/00000000000000000000000000000000.json").await, StatusCode::NOT_FOUND);
        xml_error(&get(app, "/open311/v2/tokens/nonsense.xml").await, StatusCode::NOT_FOUND);
    }

    async fn open311_discovery_names_the_endpoint_and_its_formats(app: &App) {
        for uri in ["/open311/discovery.json", "/open311/v2/discovery.json"] {
            let r = get(app, uri).await;
            assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.text);
            let d = r.json();
            let endpoint = &d["endpoints"][0];
            assert_eq!(endpoint["specification"], "http://wiki.open311.org/GeoReport_v2");
            assert_eq!(endpoint["url"], "https://sigap.test/open311/v2");
            assert_eq!(endpoint["formats"], json!(["text/xml", "application/json"]));
            assert!(d["key_service"].as_str().unwrap().contains("API token"));
        }
        let root = xml(&get(app, "/open311/discovery.xml").await.text);
        assert_eq!(root.name, "discovery");
        let endpoint = root.child("endpoints").child("endpoint");
        assert_eq!(endpoint.child("formats").all("format").len(), 2);
        assert_eq!(endpoint.child("type").text, "production");
    }

    async fn open311_updates_are_the_public_status_history_only(app: &App) {
        let ticket = file_ticket(app, &[]).await;
        let cases = app.admin_get("/api/v1/cases").await.json();
        let id = cases["items"][0]["id"].as_str().unwrap().to_owned();
        app.admin_post(&format!("/api/v1/cases/{id}/events"), &json!({"action": "verifikasi", "note": "Pelapor Siti sudah ditelepon"}), &[]).await;
        app.admin_post(&format!("/api/v1/cases/{id}/events"), &json!({"action": "tolak", "note": "Bukan wewenang Kemensos"}), &[]).await;

        let r = get(app, "/open311/v2/servicerequestupdates.json").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        for private in PRIVATE.iter().chain(&["ditelepon", "wewenang", "admin"]) {
            assert!(!r.text.contains(private), "updates show {private}: {}", r.text);
        }
        let updates = r.json();
        let updates = updates.as_array().unwrap();
        let statuses: Vec<(&str, &str)> = updates
            .iter()
            .filter(|u| u["service_request_id"] == ticket.as_str())
            .map(|u| (u["status"].as_str().unwrap(), u["description"].as_str().unwrap()))
            .collect();
        assert_eq!(statuses, vec![("open", "New"), ("open", "Verified"), ("closed", "Rejected")]);
        assert!(updates.iter().all(|u| u["update_id"].is_string() && u["updated_datetime"] == "2026-11-23T02:00:00Z"));

        let root = xml(&get(app, "/open311/v2/servicerequestupdates.xml?start_date=2026-11-01T00:00:00Z&end_date=2026-11-30T00:00:00Z").await.text);
        assert_eq!(root.name, "service_requests_updates");
        assert_eq!(root.all("request_update").len(), 3);
        let none = get(app, "/open311/v2/servicerequestupdates.json?start_date=2026-09-01T00:00:00Z&end_date=2026-10-01T00:00:00Z").await;
        assert_eq!(none.json(), json!([]));
        xml_error(&get(app, "/open311/v2/servicerequestupdates.xml?end_date=2027-13-01").await, StatusCode::BAD_REQUEST);
    }
}
