-- One database per stateful service; each service creates its tables (migrations run
-- at its start, under an advisory lock, so that replicas starting together apply them once).
CREATE DATABASE ceo_auth;
CREATE DATABASE ceo_orchestrator;
