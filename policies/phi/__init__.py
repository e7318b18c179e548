"""The PHI scanner: `scan(text, allow)` answers whether a post lets a reader tie a specific
patient to this health center or to health information, with one finding per identifier."""

from .allowlist import EMPTY, AllowList
from .scanner import ScanResult, scan

__all__ = ["EMPTY", "AllowList", "ScanResult", "scan"]
