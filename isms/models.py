# The ISMS artifacts (scope, assets, risks, SoA, policies) are built on the
# platform's TenantModel; this app has no tables yet.
