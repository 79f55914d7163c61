from __future__ import annotations

from django.test import RequestFactory, override_settings

from jiha.lib.clientip import client_ip


def test_it_uses_the_socket_address_without_a_trusted_proxy() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.1"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_it_takes_the_address_the_trusted_proxy_appended() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4"
    )
    assert client_ip(request) == "1.2.3.4"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_it_falls_back_to_the_socket_when_the_header_is_too_short() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.1"
