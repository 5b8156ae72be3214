"""Template families: one small module of rules (data) per CMS template, plus a generic fallback.

The rules are data (:mod:`zonenews.families.base`); :mod:`zonenews.families.registry` names every
family. Adding a family is adding a module with a ``RULES = FamilyRules(...)`` and naming it there.
"""
