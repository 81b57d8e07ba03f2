"""Runs one admin GraphQL query with the official Backend.AI client SDK.

The endpoint and keypair come from BACKEND_ENDPOINT, BACKEND_ACCESS_KEY and
BACKEND_SECRET_KEY; the query is argv[1]. Prints the result data as JSON.
"""
import json
import sys

from ai.backend.client.session import Session

with Session() as session:
    print(json.dumps(session.Admin.query(sys.argv[1]), sort_keys=True))
