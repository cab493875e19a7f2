"""The client's IP address, for lockouts and security events.

Behind a reverse proxy every request comes from the proxy's address, so the client's is read
from X-Forwarded-For; but anyone can send that header, so it is trusted only when
TRUSTED_PROXY_COUNT says how many proxies in front of the CRM append to it. The client is then
the address that many places from the right: the one the outermost proxy saw.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return _valid(forwarded[-proxies])
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
