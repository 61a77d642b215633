-- certstatus: one row per issued certificate (MariaDB and MySQL).
-- Times are epoch milliseconds (UTC). The writer (the CA or its export job) sets updated_at to
-- the time of every insert and update, so that snapshot mode can sync incrementally.
CREATE TABLE certstatus_certificate (
    issuer_key_hash   VARCHAR(64)  NOT NULL, -- lowercase hex SHA-256 of the issuer's public key
    serial            VARCHAR(66)  NOT NULL, -- lowercase hex, even length (SerialNumber.toHex)
    not_before        BIGINT       NOT NULL,
    not_after         BIGINT       NOT NULL,
    revocation_time   BIGINT,                -- NULL: not revoked
    revocation_reason INTEGER,               -- CRLReason code; NULL: none given
    invalidity_date   BIGINT,
    cert_sha256       VARCHAR(64),           -- lowercase hex SHA-256 of the certificate's DER
    updated_at        BIGINT       NOT NULL,
    PRIMARY KEY (serial, issuer_key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
CREATE INDEX certstatus_certificate_updated ON certstatus_certificate (updated_at);
