"""Drives Sigap's Open311 endpoint with the real client library `georeport` (PyPI), read-only,
in JSON and in XML. Run by crates/sigap-server/tests/api/georeport.rs with Python from
scripts/ensure-georeport:

    python georeport_client.py <root address, e.g. http://127.0.0.1:8080/open311/v2> \
        <jurisdiction_id> <ticket of a lansia request> <ticket of a bansos request>

Prints one line per check and exits non-zero at the first that fails. georeport 0.3.1 needs no
shim on Python 3.11; its one quirk is xmltodict's: an XML list of one element comes back as a
dict, which `as_list` below undoes for the single-request answers."""

import sys

import requests
from georeport import GeoReport


def as_list(value):
    return value if isinstance(value, list) else [value]


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print("ok:", what)


def main():
    root, jurisdiction, lansia, bansos = sys.argv[1:5]
    for fmt in ("json", "xml"):
        client = GeoReport(root, jurisdiction=jurisdiction, output_format=fmt)

        services = client.get_service_list()
        codes = {s["service_code"] for s in services}
        check(len(services) == 13 and {"lansia", "bansos"} <= codes, f"{fmt}: 13 services")
        lansia_service = next(s for s in services if s["service_code"] == "lansia")
        check(lansia_service["service_name"] == "Elderly people", f"{fmt}: service name")
        check(str(lansia_service["metadata"]).lower() == "true", f"{fmt}: metadata")

        definition = client.get_service_definition("lansia")
        check(definition["service_code"] == "lansia", f"{fmt}: service definition")
        attributes = definition["attributes"]
        if fmt == "xml":
            attributes = as_list(attributes["attribute"])
        check(attributes[0]["code"] == "urgency", f"{fmt}: the urgency attribute")

        found = as_list(client.get_service_requests())
        tickets = {r["service_request_id"] for r in found}
        check({lansia, bansos} <= tickets, f"{fmt}: both requests listed")
        for r in found:
            check("description" not in r and "address" not in r and "lat" not in r,
                  f"{fmt}: {r['service_request_id']} shows no complaint text or place")

        only = as_list(client.get_service_requests(service_code="bansos"))
        check([r["service_request_id"] for r in only] == [bansos], f"{fmt}: filter by service_code")
        closed = as_list(client.get_service_requests(status="closed"))
        check([r["service_request_id"] for r in closed] == [bansos], f"{fmt}: filter by status")
        named = as_list(client.get_service_requests(service_request_id=f"{lansia},{bansos}"))
        check({r["service_request_id"] for r in named} == {lansia, bansos},
              f"{fmt}: filter by service_request_id")
        dated = as_list(client.get_service_requests(
            start_date="2026-11-01T00:00:00Z", end_date="2026-11-30T00:00:00Z"))
        check({lansia, bansos} <= {r["service_request_id"] for r in dated},
              f"{fmt}: filter by start_date and end_date")

        one = client.get_service_request(lansia)
        check(one["service_request_id"] == lansia and one["status"] == "open",
              f"{fmt}: one request by id")
        check(one["service_code"] == "lansia", f"{fmt}: its service_code")

        try:
            client.get_service_request("SGP-2611-99999")
            check(False, f"{fmt}: an unknown request is an error")
        except requests.HTTPError as e:
            check(e.response.status_code == 404, f"{fmt}: an unknown request is a 404")

        other = GeoReport(root, jurisdiction="chicago.il", output_format=fmt)
        try:
            other.get_service_list()
            check(False, f"{fmt}: another jurisdiction is an error")
        except requests.HTTPError as e:
            check(e.response.status_code == 404, f"{fmt}: another jurisdiction is a 404")
    print("georeport: all checks passed")


if __name__ == "__main__":
    main()
