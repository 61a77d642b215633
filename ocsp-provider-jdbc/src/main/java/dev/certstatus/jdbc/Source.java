package dev.certstatus.jdbc;

import dev.certstatus.core.DataVersion;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.SourceState;
import java.util.Optional;

/** Where a {@link JdbcStatusProvider} gets rows from: a query per lookup, or a snapshot. */
interface Source extends AutoCloseable {

  /**
   * The answer to one lookup.
   *
   * @param version the data it came from
   * @param row the row for the issuer and serial, if the table has one
   * @param failure why there is no answer, if there is none
   */
  record Answer(DataVersion version, Optional<Row> row, Optional<String> failure) {

    static Answer failed(DataVersion version, String why) {
      return new Answer(version, Optional.empty(), Optional.of(why));
    }
  }

  /** Never throws: a failure is an answer too. */
  Answer lookup(int issuerIndex, SerialNumber serial);

  long generation();

  SourceState state();

  @Override
  void close();
}
