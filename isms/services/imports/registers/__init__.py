"""The registers that accept imports, keyed by ``ImportBatch.Kind``."""

from isms.services.imports.registers.assets import ASSETS
from isms.services.imports.registers.base import Lookups, Register
from isms.services.imports.registers.risks import RISKS
from isms.services.imports.registers.suppliers import SUPPLIERS

REGISTERS = {register.kind: register for register in (ASSETS, RISKS, SUPPLIERS)}

__all__ = ["REGISTERS", "Lookups", "Register"]
