"""Services of the controls area: the Annex A catalogue and a workspace's own controls."""

from isms.services.controls.catalogue import CatalogueError, load_annex_a, read_annex_a
from isms.services.controls.own import own_control_create, own_control_update

__all__ = ["CatalogueError", "load_annex_a", "own_control_create", "own_control_update", "read_annex_a"]
