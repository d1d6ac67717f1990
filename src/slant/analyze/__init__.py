"""Analyzers and the pipeline that composes them."""

from slant.analyze.pipeline import DEFAULT_PIPELINE, Pipeline, PipelineConfig, build
from slant.analyze.registry import Annotations, register

__all__ = ["DEFAULT_PIPELINE", "Annotations", "Pipeline", "PipelineConfig", "build", "register"]
