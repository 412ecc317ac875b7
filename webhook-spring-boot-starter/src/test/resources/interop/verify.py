# Verifies captured ShopHooks deliveries the way the README's Python example does, with the
# standard library only (the Python Standard Webhooks packages parse the body as JSON after
# checking the signature, so they refuse XML and form bodies). Input: the same JSON file as
# verify.js. Output: one line of JSON per request.
import base64
import hashlib
import hmac
import json
import sys
import time


def verify(secret, headers, body, tolerance=300):
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        raise ValueError("timestamp outside the tolerance")
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for signature in headers["webhook-signature"].split(" "):
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(expected, value):
            return
    raise ValueError("no matching signature")


for request in json.load(open(sys.argv[1], encoding="utf-8")):
    try:
        verify(request["secret"], request["headers"], base64.b64decode(request["body"]))
        print(json.dumps({"name": request["name"], "verified": True}))
    except ValueError as error:
        print(json.dumps({"name": request["name"], "verified": False, "error": str(error)}))
