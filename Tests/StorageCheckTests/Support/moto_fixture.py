"""A moto S3 server that verifies every request's signature, for the storage check's tests.

Usage: python moto_fixture.py BUCKET...

Starts moto on 127.0.0.1 on a free port with INITIAL_NO_AUTH_ACTION_COUNT set to exactly the
number of set-up actions below, so that every request after the set-up is authenticated:
its signature is checked (SignatureDoesNotMatch), its key looked up (InvalidAccessKeyId) and
its IAM policy applied (AccessDenied). Set-up, through moto's IAM and S3 APIs with boto3:
  - user "reader" with an inline policy allowing s3:* and an access key;
  - user "stranger" with no policy and an access key (valid, but may not list);
  - the buckets named on the command line.
Then proves that authentication is on (the reader lists a bucket; a wrong secret is refused),
prints one JSON line {"port", "reader": [key, secret], "stranger": [key, secret]}, and serves
until standard input closes.
"""
import json
import logging
import os
import sys

BUCKETS = sys.argv[1:]
SETUP_ACTIONS = 5 + len(BUCKETS)  # 2 users, 1 policy, 2 keys, the buckets
os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(SETUP_ACTIONS)
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402


def client(service, endpoint, key="setup", secret="setup"):
    return boto3.client(
        service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
        aws_secret_access_key=secret, config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request on stderr
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    endpoint = f"http://127.0.0.1:{port}"
    iam = client("iam", endpoint)
    s3 = client("s3", endpoint)
    iam.create_user(UserName="reader")
    iam.put_user_policy(
        UserName="reader", PolicyName="read",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
    reader = iam.create_access_key(UserName="reader")["AccessKey"]
    iam.create_user(UserName="stranger")
    stranger = iam.create_access_key(UserName="stranger")["AccessKey"]
    for bucket in BUCKETS:
        s3.create_bucket(Bucket=bucket)
    # From here on every request is authenticated.
    good = client("s3", endpoint, reader["AccessKeyId"], reader["SecretAccessKey"])
    if BUCKETS:
        good.list_objects_v2(Bucket=BUCKETS[0], MaxKeys=1)
    try:
        client("s3", endpoint, reader["AccessKeyId"], "wrong" + reader["SecretAccessKey"]).list_buckets()
        sys.exit("moto accepted a wrong secret: authentication is not on")
    except ClientError as error:
        if error.response["Error"]["Code"] != "SignatureDoesNotMatch":
            raise
    print(json.dumps({
        "port": port,
        "reader": [reader["AccessKeyId"], reader["SecretAccessKey"]],
        "stranger": [stranger["AccessKeyId"], stranger["SecretAccessKey"]],
    }), flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
