"""Ready models: the Syria standoff family and classic games."""

from arbiter.scenarios import classics, syria

__all__ = ["classics", "syria"]
