"""Entry point: `thuis` and `python -m thuis_cli`."""

from __future__ import annotations


def main() -> None:
    from .cli import run

    run()


if __name__ == "__main__":
    main()
