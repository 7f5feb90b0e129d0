"""The domain of a co-production audit: records and coded vocabulary, with no Qt and no SQL."""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coprod_desktop.domain.records import (
        RECORD_TYPES,
        Action,
        AssessmentRating,
        AssessmentRound,
        AssetConnection,
        Audit,
        Capability,
        ChangeLogEntry,
        CommunityAsset,
        ElementLink,
        Person,
        Record,
        ReferenceShare,
        Role,
    )
    from coprod_desktop.domain.validation import Problem, ValidationError, problems, validate
    from coprod_desktop.domain.vocabulary import (
        ELEMENT_INFO,
        Access,
        ActionStatus,
        AssetCategory,
        AssetStatus,
        Band,
        CapabilityKind,
        ConsentScope,
        Element,
        Hat,
        LinkTarget,
        Naming,
        Principle,
        PrivacyLevel,
        Rating,
        Reciprocity,
        Rung,
        Stage,
    )

# Names resolve on first use (PEP 562), so that the window can start without reading every
# record type: a user waiting for the welcome screen should not wait for dataclasses.
_WHERE = {
    "RECORD_TYPES": "coprod_desktop.domain.records",
    "Action": "coprod_desktop.domain.records",
    "AssessmentRating": "coprod_desktop.domain.records",
    "AssessmentRound": "coprod_desktop.domain.records",
    "AssetConnection": "coprod_desktop.domain.records",
    "Audit": "coprod_desktop.domain.records",
    "Capability": "coprod_desktop.domain.records",
    "ChangeLogEntry": "coprod_desktop.domain.records",
    "CommunityAsset": "coprod_desktop.domain.records",
    "ElementLink": "coprod_desktop.domain.records",
    "Person": "coprod_desktop.domain.records",
    "Record": "coprod_desktop.domain.records",
    "ReferenceShare": "coprod_desktop.domain.records",
    "Role": "coprod_desktop.domain.records",
    "Problem": "coprod_desktop.domain.validation",
    "ValidationError": "coprod_desktop.domain.validation",
    "problems": "coprod_desktop.domain.validation",
    "validate": "coprod_desktop.domain.validation",
    "ELEMENT_INFO": "coprod_desktop.domain.vocabulary",
    "Access": "coprod_desktop.domain.vocabulary",
    "ActionStatus": "coprod_desktop.domain.vocabulary",
    "AssetCategory": "coprod_desktop.domain.vocabulary",
    "AssetStatus": "coprod_desktop.domain.vocabulary",
    "Band": "coprod_desktop.domain.vocabulary",
    "CapabilityKind": "coprod_desktop.domain.vocabulary",
    "ConsentScope": "coprod_desktop.domain.vocabulary",
    "Element": "coprod_desktop.domain.vocabulary",
    "Hat": "coprod_desktop.domain.vocabulary",
    "LinkTarget": "coprod_desktop.domain.vocabulary",
    "Naming": "coprod_desktop.domain.vocabulary",
    "Principle": "coprod_desktop.domain.vocabulary",
    "PrivacyLevel": "coprod_desktop.domain.vocabulary",
    "Rating": "coprod_desktop.domain.vocabulary",
    "Reciprocity": "coprod_desktop.domain.vocabulary",
    "Rung": "coprod_desktop.domain.vocabulary",
    "Stage": "coprod_desktop.domain.vocabulary",
}


def __getattr__(name: str) -> Any:
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "ELEMENT_INFO",
    "RECORD_TYPES",
    "Access",
    "Action",
    "ActionStatus",
    "AssessmentRating",
    "AssessmentRound",
    "AssetCategory",
    "AssetConnection",
    "AssetStatus",
    "Audit",
    "Band",
    "Capability",
    "CapabilityKind",
    "ChangeLogEntry",
    "CommunityAsset",
    "ConsentScope",
    "Element",
    "ElementLink",
    "Hat",
    "LinkTarget",
    "Naming",
    "Person",
    "Principle",
    "PrivacyLevel",
    "Problem",
    "Rating",
    "Reciprocity",
    "Record",
    "ReferenceShare",
    "Role",
    "Rung",
    "Stage",
    "ValidationError",
    "problems",
    "validate",
]
