"""Extractive, cited question answering over the review "Tumor metastasis: Mechanistic insights
and therapeutic interventions" (Liu, Yang, Xu, Zhang; MedComm 2021; CC BY 4.0)."""

__version__ = "0.1.0"

from .engine import QAEngine  # noqa: E402

__all__ = ["QAEngine", "__version__"]
