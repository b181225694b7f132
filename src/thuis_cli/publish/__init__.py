"""Publishing: renderers turn a product's document into bytes per file, sinks put them somewhere.

    product.build() -> Document --render()--> {name: bytes} --sink.publish()--> folder, e-mail, ...

Renderers know formats, not products; sinks know destinations, not formats.
"""

from __future__ import annotations

from .render import render

__all__ = ["render"]
