"""Thin handlers: each calls core services and renders what they return. Wired in bot.app."""
