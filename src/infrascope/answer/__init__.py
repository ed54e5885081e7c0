"""Answering: the extractive composer (default, no LLM), the OpenAI-compatible LLM backend, prompts,
and the citation checks every answer passes before it is shown."""
