"""Schemathesis hooks for Sigap's fuzzing run (scripts/fuzz-api).

Sigap's webhooks take only signed deliveries, so that without signatures the fuzzer would
meet `401 invalid_signature` and never reach the parsers behind it. These hooks sign every
generated delivery the way the real senders do:

- SMS and e-mail relays and the social-media collector: `Sigap-Timestamp` (Unix seconds) and
  `Sigap-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` under the shared secret;
  the collector also names its source in `Sigap-Source`;
- Meta (WhatsApp Cloud API): `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.

The secrets come from the environment that scripts/fuzz-api sets. Raw e-mail
(`message/rfc822`) is sent as the bytes generated. Test-only: Sigap never runs Python.
"""

import hashlib
import hmac
import json
import os
import time
import urllib.parse

import schemathesis


@schemathesis.serializer("message/rfc822")
def rfc822(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


def raw_body(case):
    """The exact bytes the transport will send for `case.body`; the body becomes those bytes."""
    body = case.body
    if isinstance(body, bytes):
        return body
    if type(body).__name__ == "NotSet":
        # No body at all: the signature covers the empty body the transport sends.
        return b""
    media = (case.media_type or "").split(";")[0].strip()
    if media == "application/x-www-form-urlencoded" and isinstance(body, dict):
        raw = urllib.parse.urlencode(
            {k: v if isinstance(v, (str, bytes)) else json.dumps(v) for k, v in body.items()}
        ).encode()
    elif media == "message/rfc822":
        raw = str(body).encode("utf-8", "surrogatepass")
    else:
        raw = json.dumps(body).encode()
    case.body = raw
    return raw


def sigap_signature(secret, timestamp, raw):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


SIGNED = {
    "/api/v1/channels/sms": "SIGAP_FUZZ_SMS_SECRET",
    "/api/v1/channels/email": "SIGAP_FUZZ_EMAIL_SECRET",
    "/api/v1/ingest/social": "SIGAP_FUZZ_SOCIAL_SECRET",
}


@schemathesis.hook
def before_call(context, case, kwargs):
    path = case.operation.path
    if case.method.upper() != "POST":
        return
    headers = case.headers if case.headers is not None else {}
    if path in SIGNED:
        secret = os.environ.get(SIGNED[path])
        if not secret:
            return
        raw = raw_body(case)
        timestamp = int(time.time())
        headers["Sigap-Timestamp"] = str(timestamp)
        headers["Sigap-Signature"] = sigap_signature(secret, timestamp, raw)
        if path == "/api/v1/ingest/social":
            headers["Sigap-Source"] = os.environ.get("SIGAP_FUZZ_SOCIAL_SOURCE", "")
        case.headers = headers
    elif path == "/api/v1/channels/whatsapp":
        secret = os.environ.get("SIGAP_FUZZ_WHATSAPP_SECRET")
        if not secret:
            return
        raw = raw_body(case)
        digest = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
        headers["X-Hub-Signature-256"] = "sha256=" + digest
        case.headers = headers
