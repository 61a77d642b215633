package dev.certstatus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TableMappingTest {

  @ParameterizedTest
  @ValueSource(strings = {"certs; DROP TABLE users", "certs--", "\"certs\"", "certs WHERE 1=1",
      "a.b.c", "1certs", "", "certs'", "cert s", "certs/**/", "ce\u00e9rts",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void hostileTableNamesAreRejectedAndNamed(String name) {
    assertThatThrownBy(() -> TableMapping.builder(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("table '" + name + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"serial = serial OR 1=1", "serial)", "serial,issuer", "x;", "(select 1)",
      "serial\n", "`serial`"})
  void hostileColumnNamesAreRejectedAndNamed(String name) {
    TableMapping.Builder b = TableMapping.builder("certs");
    assertThatThrownBy(() -> b.serialColumn(name, SerialEncoding.HEX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serial column '" + name + "'");
    assertThatThrownBy(() -> b.changeColumn(name, 0))
        .hasMessageContaining("change column '" + name + "'");
    assertThatThrownBy(() -> b.statusColumn(name, StatusCodes.EJBCA))
        .hasMessageContaining("status column '" + name + "'");
  }

  @Test
  void plainAndSchemaQualifiedNamesAreAccepted() {
    TableMapping m = TableMapping.builder("ca_schema.Cert_Data2")
        .serialColumn("serialNumber", SerialEncoding.DECIMAL)
        .issuerColumn("_issuer", IssuerMatch.byDn())
        .revocationTimeColumn("revoked_at")
        .build();

    assertThat(m.lookupSql()).isEqualTo("SELECT serialNumber, _issuer, revoked_at"
        + " FROM ca_schema.Cert_Data2 WHERE serialNumber = ?");
  }

  @Test
  void ejbcaPresetSelectsEjbcaColumnNames() {
    assertThat(TableMapping.ejbca().loadSql()).isEqualTo("SELECT serialNumber, issuerDN,"
        + " notBefore, expireDate, revocationDate, revocationReason, invalidityDate, status,"
        + " fingerprint, updateTime FROM CertificateData");
    assertThat(TableMapping.ejbca().notRevokedReason()).contains(-1);
  }

  @Test
  void aPresetCanDropItsOptionalColumnsAndTellsWhatItMaps() {
    TableMapping m = TableMapping.ejbca().toBuilder().noNotBeforeColumn().noNotAfterColumn()
        .noRevocationReasonColumn().noInvalidityDateColumn().noStatusColumn()
        .noFingerprintColumn().noChangeColumn().build();

    assertThat(m.loadSql()).isEqualTo("SELECT serialNumber, issuerDN, revocationDate"
        + " FROM CertificateData");
    assertThat(m.serialColumn()).isEqualTo("serialNumber");
    assertThat(m.issuerColumn()).isEqualTo("issuerDN");
    assertThat(m.revocationTimeColumn()).isEqualTo("revocationDate");
    assertThat(m.notBeforeColumn()).isEmpty();
    assertThat(m.notAfterColumn()).isEmpty();
    assertThat(m.revocationReasonColumn()).isEmpty();
    assertThat(m.notRevokedReason()).isEmpty();
    assertThat(m.invalidityDateColumn()).isEmpty();
    assertThat(m.statusColumn()).isEmpty();
    assertThat(m.statusCodes()).isEmpty();
    assertThat(m.fingerprintColumn()).isEmpty();
    assertThat(m.fingerprintDigest()).isEmpty();
    assertThat(m.changeColumn()).isEmpty();

    TableMapping ejbca = TableMapping.ejbca();
    assertThat(ejbca.notAfterColumn()).contains("expireDate");
    assertThat(ejbca.statusColumn()).contains("status");
    assertThat(ejbca.fingerprintColumn()).contains("fingerprint");
    assertThat(ejbca.revocationReasonColumn()).contains("revocationReason");
    assertThat(ejbca.invalidityDateColumn()).contains("invalidityDate");
    assertThat(ejbca.notBeforeColumn()).contains("notBefore");
  }

  @Test
  void aMappingWithoutItsKeyColumnsIsNotBuilt() {
    assertThatThrownBy(() -> TableMapping.builder("t").serialColumn("s", SerialEncoding.HEX)
        .revocationTimeColumn("r").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no issuer column");
  }

  @Test
  void aStatusValueWithTwoMeaningsIsRejected() {
    assertThatThrownBy(() -> new StatusCodes(Set.of(20, 40), Set.of(40), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status value 40");
  }
}
