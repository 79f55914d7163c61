"""Every answer under /api/ is JSON with one error shape, and the OpenAPI document says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")

ERROR_KEYS = {"code", "message"}
TOKEN = "t" * 32


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= ERROR_KEYS
    assert isinstance(body["message"], str) and body["message"]
    return body


@pytest.mark.parametrize(
    "url",
    ["/api/does-not-exist", "/api/regions/MA-99/", "/api/regions/", "/api/", "/api/datasets/x/y/z"],
)
def test_it_answers_an_unknown_api_address_with_a_json_404(client: Client, url: str) -> None:
    body = assert_json_error(client.get(url), 404)
    assert body["code"] == "not_found"


def test_it_answers_an_unknown_api_address_in_the_callers_language(client: Client) -> None:
    english = client.get("/api/nothing-here", headers={"accept-language": "en"}).json()
    arabic = client.get("/api/nothing-here", headers={"accept-language": "ar"}).json()
    assert english["message"] != arabic["message"]


@pytest.mark.parametrize(
    "url", ["/api/datasets/observations/versions", "/api/datasets/observations/versions/1/publish"]
)
def test_it_refuses_a_multipart_body_without_a_boundary_with_a_400(
    url: str, administrator: Any
) -> None:
    # As a browser session would: the CSRF check reads the body before the operation runs.
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    client.cookies["csrftoken"] = TOKEN
    response = client.post(
        url, b"--x\r\n", content_type="multipart/form-data", headers={"x-csrftoken": TOKEN}
    )
    body = assert_json_error(response, 400)
    assert body["code"] == "malformed_body"


# Every operation can answer these; the others depend on what the operation takes.
ALWAYS = {"400", "422", "500", "503"}


def expected_error_statuses(operation: dict[str, Any]) -> set[str]:
    expected = set(ALWAYS)
    if operation.get("security"):
        expected |= {"401", "403"}
    if any(p["in"] == "path" for p in operation.get("parameters", [])):
        expected.add("404")
    if "requestBody" in operation:
        expected.add("413")
    return expected


def test_every_operation_documents_its_error_answers_with_the_one_error_schema(
    client: Client,
) -> None:
    schema = client.get("/api/openapi.json").json()
    error_schema = schema["components"]["schemas"]["Error"]
    assert {"code", "message"} <= set(error_schema["required"])
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            for status in sorted(expected_error_statuses(operation)):
                content = responses.get(status, {}).get("content", {})
                ref = content.get("application/json", {}).get("schema", {}).get("$ref")
                if ref != "#/components/schemas/Error":
                    missing.append(f"{method.upper()} {path} {status}")
    assert missing == []


def test_the_walk_above_sees_operations_with_auth_path_parameters_and_bodies(
    client: Client,
) -> None:
    schema = client.get("/api/openapi.json").json()
    operations = [op for methods in schema["paths"].values() for op in methods.values()]
    statuses = set().union(*(expected_error_statuses(op) for op in operations))
    assert {"401", "403", "404", "413"} <= statuses


def _operation(client: Client, method: str, path: str) -> dict[str, Any]:
    return client.get("/api/openapi.json").json()["paths"][path][method]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/incentives/simulate"),
        ("post", "/api/incentives/simulations"),
        ("post", "/api/competitiveness/advisor"),
    ],
)
def test_it_documents_the_429_of_rate_limited_operations(
    client: Client, method: str, path: str
) -> None:
    # Found by the fuzzer (tests/security/test_api_fuzzing.py): the 429 was not listed.
    assert "429" in _operation(client, method, path)["responses"]


def test_it_states_the_observation_filters_bounds_in_the_schema(client: Client) -> None:
    # Found by the fuzzer: limit=12819 and period_to="x" were schema-valid and refused.
    parameters = {
        p["name"]: p["schema"] for p in _operation(client, "get", "/api/observations")["parameters"]
    }
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 10_000)
    period = next(s for s in parameters["period_from"]["anyOf"] if s.get("type") == "string")
    assert period["pattern"].startswith("^") and period["pattern"].endswith("$")
    response = client.get("/api/observations", {"limit": 10_001})
    assert assert_json_error(response, 422)["code"] == "invalid_input"
    for period in ("2024-13", "0000", "0000-Q1"):  # year 0 gave a 500 (found by the fuzzer)
        response = client.get("/api/observations", {"period_from": period})
        assert assert_json_error(response, 422)["code"] == "invalid_input"


def test_it_refuses_a_forged_cursor_with_its_own_code(client: Client) -> None:
    # An opaque token: the one refusal of a schema-valid value the fuzzer is told to accept.
    response = client.get("/api/observations", {"cursor": "key"})
    assert assert_json_error(response, 422)["code"] == "invalid_cursor"


def test_it_states_the_simulators_years_regions_and_amounts_in_the_schema(
    client: Client,
) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    project = schemas["SimulationIn"]["properties"]
    assert (project["first_year"]["minimum"], project["first_year"]["maximum"]) == (2000, 2100)
    assert schemas["LocationIn"]["properties"]["region"]["pattern"] == r"^MA-(0[1-9]|1[0-2])$"
    salary = schemas["EmployeeIn"]["properties"]["gross_annual_salary"]["anyOf"]
    number, text = salary
    assert number["exclusiveMinimum"] == 0 and number["multipleOf"] == 0.01
    assert "(?=.*[1-9])" in text["pattern"]  # "0.00" is not a salary


@pytest.mark.parametrize("salary", ["abc", "0.00", "12.345", "123456789"])
def test_it_refuses_an_amount_the_schema_refuses(client: Client, salary: str) -> None:
    # Found by the fuzzer: a string salary was schema-valid whatever it held.
    project = {
        "location": {"region": "MA-03"},
        "activity": "BPO",
        "employees": [{"profile": "bpo", "gross_annual_salary": salary, "hire_date": "2026-01-01"}],
        "first_year": 2026,
        "last_year": 2026,
    }
    response = client.post("/api/incentives/simulate", project, content_type="application/json")
    assert assert_json_error(response, 422)["code"] == "invalid_input"


def test_it_states_that_an_uploaded_file_is_not_empty(client: Client) -> None:
    # Found by the fuzzer: an empty file was schema-valid, and Django drops it (422 "missing").
    schema = client.get("/api/openapi.json").json()
    body = schema["paths"]["/api/datasets/{slug}/versions"]["post"]["requestBody"]
    form = body["content"]["multipart/form-data"]["schema"]
    if "$ref" in form:
        form = schema["components"]["schemas"][form["$ref"].rsplit("/", 1)[1]]
    assert form["properties"]["file"]["minLength"] == 1
