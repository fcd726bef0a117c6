"""Routers per feature, in the order aiogram tries them. Each module has a ``router()``
factory (an aiogram router can belong to one dispatcher only, and tests build several)."""

from __future__ import annotations

from aiogram import Router

from bots.telegram.routers import callbacks, commands, errors, files, payments, relay


def build_routers() -> list[Router]:
    return [errors.router(), payments.router(), commands.router(), callbacks.router(),
            files.router(), relay.router()]
