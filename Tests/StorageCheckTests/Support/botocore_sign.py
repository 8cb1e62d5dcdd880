"""Signs requests with botocore, an independent implementation of AWS Signature Version 4.

Reads one JSON object per line on standard input:
  {"method", "url", "headers": [[name, value], ...], "body": "text", "region", "service",
   "s3": bool, "access", "secret", "timestamp": "20150830T123600Z"}
and writes, per line, the Authorization header botocore computes for it (SigV4Auth, or
S3SigV4Auth when "s3" is true), at exactly that time. Used by SigV4BotocoreTests.
"""
import datetime
import json
import sys
from unittest import mock

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    request = AWSRequest(method=case["method"], url=case["url"], data=case["body"].encode("utf-8"))
    for name, value in case["headers"]:
        request.headers[name] = value
    credentials = Credentials(case["access"], case["secret"])
    auth_class = S3SigV4Auth if case["s3"] else SigV4Auth
    auth = auth_class(credentials, case["service"], case["region"])
    when = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        auth.add_auth(request)
    return request.headers["Authorization"]


def main():
    for line in sys.stdin:
        line = line.strip()
        if line:
            print(sign(json.loads(line)), flush=True)


if __name__ == "__main__":
    main()
