"""Calls the official client's own `User.paginated_list` (unmodified), which
sends `filter` and `order` as GraphQL variables. argv: filter, order.
Prints the page as JSON, or the client's error text on failure.
"""
import json
import sys

from ai.backend.client.output.fields import user_fields
from ai.backend.client.session import Session

with Session() as session:
    try:
        page = session.User.paginated_list(
            fields=(user_fields["email"], user_fields["role"]),
            page_size=10,
            filter=sys.argv[1] or None,
            order=sys.argv[2] or None,
        )
        print(json.dumps({"total_count": page.total_count, "items": page.items}, sort_keys=True))
    except Exception as e:  # the client's BackendAPIError carries the GraphQL errors
        print(f"error: {e}")
