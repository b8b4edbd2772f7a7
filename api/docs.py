"""``/api/docs/``: the API described in Chinese, made from its own OpenAPI schema (no outside files)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from .routes import api

LOCATIONS = {"query": "查询参数", "path": "路径参数"}


def _type(schema: dict) -> str:
    """A short type name for a schema: ``string``, ``SectionOut[]``, ``integer | null``."""
    if not isinstance(schema, dict) or not schema:  # JSON Schema's ``true``: any value
        return "任意"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    if "anyOf" in schema:
        return " | ".join(_type(part) for part in schema["anyOf"])
    if schema.get("type") == "array":
        return _type(schema.get("items", {})) + "[]"
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"{{名称: {_type(schema['additionalProperties'])}}}"
    return schema.get("type", "")


def _fields(schema: dict) -> list[dict]:
    required = set(schema.get("required", []))
    return [
        {"name": name, "type": _type(field), "description": field.get("description", ""), "required": name in required}
        for name, field in schema.get("properties", {}).items()
    ]


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            answers = []
            for status, response in operation.get("responses", {}).items():
                body = response.get("content", {}).get("application/json", {}).get("schema", {})
                answers.append({"status": status, "type": _type(body)})
            parameters = [
                {
                    "name": p["name"],
                    "where": LOCATIONS.get(p["in"], p["in"]),
                    "type": _type(p.get("schema", {})),
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            operations.append(
                {
                    "anchor": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": answers,
                    "example": path if "{" not in path else "",
                }
            )
    return operations


def docs(request):
    """Every endpoint with its parameters and answers, and every answer shape with its fields."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:index"))
    shapes = [
        {"name": name, "fields": _fields(shape)}
        for name, shape in sorted(schema.get("components", {}).get("schemas", {}).items())
        if shape.get("properties")
    ]
    context = {
        "info": schema["info"],
        "operations": _operations(schema),
        "shapes": shapes,
        "schema_url": reverse("api:openapi-json"),
    }
    return render(request, "api/docs.html", context)
