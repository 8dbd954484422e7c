"""The OpenAPI 3.1 document for every route, served at /openapi.json, with a static page at /docs."""

from __future__ import annotations

from importlib import resources

from flask import Flask, Response, jsonify

from . import __version__

_ERROR = {"$ref": "#/components/responses/Error"}
_TURN = {
    "type": "object",
    "required": ["role", "content"],
    "properties": {"role": {"enum": ["user", "assistant"]}, "content": {"type": "string"}},
}
_REFERENCE = {
    "type": "object",
    "required": ["number", "text"],
    "properties": {"number": {"type": "integer"}, "text": {"type": "string"}},
}
_CITATION = {
    "type": "object",
    "required": ["n", "chunk_id", "section", "text", "quote", "references"],
    "properties": {
        "n": {"type": "integer", "description": "the [n] marker in the answer"},
        "chunk_id": {"type": "string"},
        "section": {"type": "string", "description": "section path, e.g. '2 … › 2.2.1 Immune cells › Tregs'"},
        "text": {"type": "string", "description": "the whole cited passage"},
        "quote": {"type": "string", "description": "the sentence(s) of the passage used in the answer"},
        "references": {"type": "array", "items": {"$ref": "#/components/schemas/Reference"}},
    },
}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def spec() -> dict:
    errors = {"400": _ERROR, "413": _ERROR, "415": _ERROR, "500": _ERROR, "503": _ERROR}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "qa-service",
            "version": __version__,
            "description": "Extractive, cited answers from the review 'Tumor metastasis: Mechanistic insights and "
            "therapeutic interventions' (Liu, Yang, Xu, Zhang; MedComm 2021; CC BY 4.0).",
            "license": {"name": "Review text: CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "paths": {
            "/api/ask": {
                "post": {
                    "summary": "Answer a question with sentences copied from the review, each cited",
                    "operationId": "ask",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("AskRequest")}}},
                    "responses": {"200": _json(_ref("Answer"))} | errors,
                }
            },
            "/api/feedback": {
                "post": {
                    "summary": "Rate an answer (by the id every answer carries), with an optional comment",
                    "operationId": "feedback",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("FeedbackRequest")}},
                    },
                    "responses": {
                        "201": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "id": {"type": "integer"},
                                    "answer_id": {"type": "string"},
                                    "rating": {"enum": ["up", "down"]},
                                },
                            },
                            "stored",
                        ),
                        "404": _ERROR,
                    }
                    | errors,
                }
            },
            "/api/passages/{chunk_id}": {
                "get": {
                    "summary": "One passage with its section, neighbours and references",
                    "operationId": "passage",
                    "parameters": [{"name": "chunk_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": _json(_ref("Passage")), "404": _ERROR, "503": _ERROR},
                }
            },
            "/api/sections": {
                "get": {
                    "summary": "The review's table of contents with passage ids",
                    "operationId": "sections",
                    "responses": {"200": _json(_ref("Sections")), "503": _ERROR},
                }
            },
            "/healthz": {
                "get": {
                    "summary": "The process is alive",
                    "operationId": "healthz",
                    "responses": {"200": _json({"type": "object", "properties": {"status": {"const": "ok"}}})},
                }
            },
            "/readyz": {
                "get": {
                    "summary": "The index is loaded and matches the corpus",
                    "operationId": "readyz",
                    "responses": {
                        "200": _json({"type": "object", "properties": {"status": {"const": "ready"}}}),
                        "503": _ERROR,
                    },
                }
            },
            "/v1/models": {
                "get": {
                    "summary": "OpenAI-compatible model list",
                    "operationId": "listModels",
                    "responses": {"200": _json({"type": "object"})},
                }
            },
            "/v1/chat/completions": {
                "post": {
                    "summary": "OpenAI-compatible chat completion (stream: true for server-sent events)",
                    "operationId": "chatCompletions",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("ChatCompletionRequest")}},
                    },
                    "responses": {
                        "200": {
                            "description": "a chat.completion object, or chat.completion.chunk events",
                            "content": {
                                "application/json": {"schema": _ref("ChatCompletion")},
                                "text/event-stream": {"schema": {"type": "string"}},
                            },
                        }
                    }
                    | errors,
                }
            },
            "/": {
                "get": {
                    "summary": "The full-page chat",
                    "operationId": "chatPage",
                    "responses": {
                        "200": {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}}
                    },
                }
            },
            "/widget.js": {
                "get": {
                    "summary": "The embeddable chat widget: <script src='…/widget.js' defer></script>",
                    "operationId": "widgetScript",
                    "responses": {
                        "200": {
                            "description": "JavaScript",
                            "content": {"text/javascript": {"schema": {"type": "string"}}},
                        }
                    },
                }
            },
            "/widget.css": {
                "get": {
                    "summary": "The widget's stylesheet (loaded into its Shadow DOM)",
                    "operationId": "widgetStyles",
                    "responses": {
                        "200": {"description": "CSS", "content": {"text/css": {"schema": {"type": "string"}}}}
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": {"200": _json({"type": "object"})},
                }
            },
        },
        "components": {
            "schemas": {
                "Turn": _TURN,
                "Reference": _REFERENCE,
                "Citation": _CITATION,
                "AskRequest": {
                    "type": "object",
                    "required": ["question"],
                    "additionalProperties": False,
                    "properties": {
                        "question": {"type": "string", "minLength": 1, "maxLength": 2000},
                        "history": {"type": "array", "maxItems": 50, "items": _ref("Turn")},
                        "debug": {"type": "boolean", "description": "add ranks and scores of retrieved passages"},
                    },
                },
                "FeedbackRequest": {
                    "type": "object",
                    "required": ["answer_id", "rating"],
                    "additionalProperties": False,
                    "properties": {
                        "answer_id": {"type": "string", "minLength": 1},
                        "rating": {"enum": ["up", "down"]},
                        "comment": {"type": "string", "maxLength": 2000},
                    },
                },
                "Answer": {
                    "type": "object",
                    "required": ["answer", "abstained", "query", "citations"],
                    "properties": {
                        "id": {"type": "string", "description": "the answer's id, for POST /api/feedback"},
                        "answer": {"type": "string", "description": "sentences from the review, each followed by [n]"},
                        "abstained": {"type": "boolean", "description": "true when the review does not cover it"},
                        "query": {"type": "string", "description": "the standalone query that was searched"},
                        "citations": {"type": "array", "items": _ref("Citation")},
                        "suggestions": {"type": "array", "items": {"type": "string"}},
                        "debug": {"type": "object"},
                    },
                },
                "Passage": {
                    "type": "object",
                    "required": ["chunk_id", "section", "text", "references"],
                    "properties": {
                        "chunk_id": {"type": "string"},
                        "passage_id": {"type": "string"},
                        "kind": {"enum": ["paragraph", "figure", "table_row", "table_note"]},
                        "section": {"type": "string"},
                        "section_number": {"type": "string"},
                        "text": {"type": "string"},
                        "sentences": {"type": "array", "items": {"type": "object"}},
                        "references": {"type": "array", "items": _ref("Reference")},
                        "previous": {"type": ["string", "null"]},
                        "next": {"type": ["string", "null"]},
                        "token_count": {"type": "integer"},
                        "span": {"type": "array", "items": {"type": "integer"}},
                    },
                },
                "Sections": {
                    "type": "object",
                    "properties": {
                        "title": {"type": "string"},
                        "authors": {"type": "array", "items": {"type": "string"}},
                        "sections": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "ChatCompletionRequest": {
                    "type": "object",
                    "required": ["messages"],
                    "properties": {
                        "model": {"type": "string"},
                        "stream": {"type": "boolean"},
                        "temperature": {"type": "number", "minimum": 0, "maximum": 2},
                        "top_p": {"type": "number", "minimum": 0, "maximum": 1},
                        "max_tokens": {"type": "integer", "minimum": 1},
                        "n": {"const": 1},
                        "messages": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 51,
                            "items": {
                                "type": "object",
                                "required": ["role", "content"],
                                "properties": {
                                    "role": {"enum": ["system", "developer", "user", "assistant"]},
                                    "content": {"type": ["string", "array"]},
                                },
                            },
                        },
                    },
                },
                "ChatCompletion": {
                    "type": "object",
                    "required": ["id", "object", "created", "model", "choices"],
                    "properties": {
                        "id": {"type": "string"},
                        "object": {"const": "chat.completion"},
                        "created": {"type": "integer"},
                        "model": {"type": "string"},
                        "choices": {"type": "array", "items": {"type": "object"}},
                        "usage": {"type": "object"},
                        "citations": {"type": "array", "items": _ref("Citation")},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                        }
                    },
                },
            },
            "responses": {"Error": _json(_ref("Error"), "an error, as JSON")},
        },
    }


def register(app: Flask) -> None:
    document = spec()

    @app.get("/openapi.json")
    def openapi_json():
        return jsonify(document)

    @app.get("/docs")
    def docs():
        page = resources.files("qa_service").joinpath("static/docs.html").read_text(encoding="utf-8")
        return Response(page, mimetype="text/html")
