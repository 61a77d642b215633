package dev.certstatus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcSchemaTest {

  @ParameterizedTest
  @EnumSource(JdbcSchema.Dialect.class)
  void shippedDdlCreatesTheDefaultTableAndItsChangeIndex(JdbcSchema.Dialect dialect) {
    assertThat(JdbcSchema.statements(dialect, TableMapping.DEFAULT_TABLE)).satisfiesExactly(
        table -> assertThat(table).startsWith("CREATE TABLE certstatus_certificate (")
            .contains("PRIMARY KEY (serial, issuer_key_hash)").doesNotContain("--"),
        index -> assertThat(index).isEqualTo("CREATE INDEX certstatus_certificate_updated ON"
            + " certstatus_certificate (updated_at)"));
  }

  @Test
  void statementsForAnotherTableRenameTableAndIndex() {
    assertThat(JdbcSchema.statements(JdbcSchema.Dialect.POSTGRESQL, "ca.issued"))
        .satisfiesExactly(
            table -> assertThat(table).startsWith("CREATE TABLE ca.issued ("),
            index -> assertThat(index)
                .isEqualTo("CREATE INDEX issued_updated ON ca.issued (updated_at)"));
  }

  @Test
  void hostileTableNameIsRejected() {
    assertThatThrownBy(() -> JdbcSchema.statements(JdbcSchema.Dialect.H2, "x (a int); DROP"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x (a int); DROP'");
  }
}
