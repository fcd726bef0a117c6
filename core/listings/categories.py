"""Service categories (configurable; these are the defaults of the pilot)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    slug: str
    label: str


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("support-triage", "Support inbox triage and reply drafts"),
    Category("monitoring", "Monitoring and alerts with digests"),
    Category("data-extraction", "Public web data extraction to CSV/JSON"),
    Category("price-tracking", "Competitive price and stock tracking"),
    Category("content", "Batch content production and localization"),
    Category("seo", "SEO refresh and structured data"),
    Category("document-processing", "PDF/email to structured fields"),
    Category("qa-automation", "QA automation and test reporting"),
    Category("workflow-automation", "Cross-app workflow automation"),
    Category("other", "Other"),
)
