"""An optional local language model that makes the interviewer listen.

Everything here talks to an OpenAI-compatible chat endpoint on the user's machine (llama.cpp's
server, Ollama, LM Studio, vLLM). Nothing is required: with no endpoint configured no network
access is attempted, and every caller falls back to the bank's follow-ups and the rule-based
feedback when the model is slow, wrong or gone. Audio never goes to the model, only text.
"""
