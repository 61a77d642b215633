package dev.certstatus.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.certstatus.testkit.TestClock;
import dev.certstatus.core.CertStatus;
import dev.certstatus.core.CertificateHash;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.NonIssuedPolicy;
import dev.certstatus.core.RevocationReason;
import dev.certstatus.core.Role;
import dev.certstatus.core.SerialNumber;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import dev.certstatus.core.Validity;
import dev.certstatus.testkit.IssuedCert;
import dev.certstatus.testkit.TestCa;
import dev.certstatus.testkit.TestPki;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The provider's behaviour, the same on every database: subclasses name the database. Each test
 * gets a fresh table, a seeded PKI and a clock the test moves.
 */
abstract class JdbcProviderContract {

  enum Mode { PER_LOOKUP, SNAPSHOT }

  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final Duration MAX_AGE = Duration.ofMinutes(5);

  abstract TestDatabase.Kind kind();

  TestDatabase db;
  /** The table the test's rows and providers use: this project's schema unless a test says. */
  String table;
  TestClock clock;
  TestCa ca;
  TestCa otherCa;
  IssuerId issuer;
  private final List<AutoCloseable> closeLater = new ArrayList<>();

  @BeforeEach
  void setUp() throws SQLException {
    db = TestDatabase.open(kind());
    table = db.newTable("cert");
    JdbcSchema.create(db.dataSource(), table);
    TestPki pki = TestPki.withSeed(6);
    ca = pki.rootCa("CN=JDBC Test CA,O=certstatus,C=DE").build();
    otherCa = pki.rootCa("CN=Other CA,O=certstatus,C=DE").build();
    issuer = IssuerId.of(ca.certificate());
    clock = TestClock.at(NOW);
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
    if (db != null) {
      db.close();
    }
  }

  <T extends AutoCloseable> T closeLater(T c) {
    closeLater.add(c);
    return c;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A builder over the test's table and CA, with the test's clock. */
  JdbcStatusProvider.Builder builder(DataSource ds) {
    return JdbcStatusProvider.builder("db", ds).mapping(TableMapping.certstatus(table))
        .issuer(ca.certificate()).clock(clock);
  }

  JdbcStatusProvider provider(Mode mode) {
    return provider(mode, builder(db.dataSource()));
  }

  JdbcStatusProvider provider(Mode mode, JdbcStatusProvider.Builder builder) {
    if (mode == Mode.SNAPSHOT) {
      builder.snapshot(Duration.ofSeconds(5), MAX_AGE).manualSync();
    } else {
      builder.perLookup(Duration.ofSeconds(2));
    }
    JdbcStatusProvider p = closeLater(builder.build());
    if (mode == Mode.SNAPSHOT) {
      assertThat(p.syncNow()).as("first load: %s", p.state()).isTrue();
    }
    return p;
  }

  static Decision decide(JdbcStatusProvider p, StatusQuery q) {
    return DecisionChain.builder(q.issuer()).provider(p).build().decide(q);
  }

  Decision decide(JdbcStatusProvider p, IssuedCert c) {
    return decide(p, StatusQuery.of(issuer, c.certificate(), clock.instant()));
  }

  Decision decideSerialOnly(JdbcStatusProvider p, BigInteger serial) {
    return decide(p, StatusQuery.of(issuer, SerialNumber.of(serial), clock.instant()));
  }

  void insert(TestCa by, IssuedCert c) {
    X509Certificate x = c.certificate();
    db.update("INSERT INTO " + table + " (issuer_key_hash, serial, not_before, not_after,"
        + " cert_sha256, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        HexFormat.of().formatHex(IssuerId.of(by.certificate()).keyHash(
            dev.certstatus.core.HashAlgorithm.SHA256)),
        SerialNumber.of(x.getSerialNumber()).toHex(), x.getNotBefore().getTime(),
        x.getNotAfter().getTime(), sha256(x), clock.millis());
  }

  void revoke(IssuedCert c, Instant at, Integer reason, Instant invalidity) {
    db.update("UPDATE " + table + " SET revocation_time = ?, revocation_reason = ?,"
        + " invalidity_date = ?, updated_at = ? WHERE serial = ?",
        at == null ? null : at.toEpochMilli(), reason,
        invalidity == null ? null : invalidity.toEpochMilli(), clock.millis(),
        SerialNumber.of(c.serial()).toHex());
  }

  static String sha256(X509Certificate x) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(x.getEncoded()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- both modes ----------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Mode.class)
  void issuedCertificateIsGoodWithTheRowsValidityAndFingerprint(Mode mode) throws Exception {
    IssuedCert c = ca.issue("CN=good").build();
    insert(ca, c);
    JdbcStatusProvider p = provider(mode);

    Decision d = decide(p, c);

    assertThat(d.status()).as(d.explain()).isEqualTo(CertStatus.GOOD);
    Finding.Issued issued = (Finding.Issued) d.findings().stream()
        .filter(f -> f.role() == Role.ISSUANCE).findFirst().orElseThrow();
    assertThat(issued.validity()).contains(new Validity(c.certificate().getNotBefore().toInstant(),
        c.certificate().getNotAfter().toInstant()));
    assertThat(issued.certificateHash())
        .contains(CertificateHash.of("SHA-256", c.certificate().getEncoded()));
    assertThat(decideSerialOnly(p, c.serial()).status()).isEqualTo(CertStatus.GOOD);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void revokedCertificateIsRevokedWithTimeReasonAndInvalidityDate(Mode mode) {
    IssuedCert c = ca.issue("CN=revoked").build();
    insert(ca, c);
    Instant revokedAt = NOW.minus(Duration.ofDays(3));
    Instant invalid = NOW.minus(Duration.ofDays(4));
    revoke(c, revokedAt, 1, invalid);
    JdbcStatusProvider p = provider(mode);

    Decision d = decide(p, c);

    assertThat(d.status()).as(d.explain()).isEqualTo(CertStatus.REVOKED);
    assertThat(d.revocation().orElseThrow().time()).isEqualTo(revokedAt);
    assertThat(d.revocation().orElseThrow().reason()).contains(RevocationReason.KEY_COMPROMISE);
    assertThat(d.revocation().orElseThrow().invalidityDate()).contains(invalid);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void heldCertificateIsRevokedUntilTheHoldIsReleased(Mode mode) {
    IssuedCert c = ca.issue("CN=held").build();
    insert(ca, c);
    revoke(c, NOW.minus(Duration.ofHours(1)), 6, null);
    JdbcStatusProvider p = provider(mode);
    assertThat(decide(p, c).revocation().orElseThrow().reason())
        .contains(RevocationReason.CERTIFICATE_HOLD);

    clock.advance(Duration.ofSeconds(10));
    revoke(c, null, null, null);
    p.syncNow();

    Decision d = decide(p, c);
    assertThat(d.status()).as(d.explain()).isEqualTo(CertStatus.GOOD);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void serialTheCaNeverIssuedIsNotIssuedCompleteAsOfTheRead(Mode mode) {
    insert(ca, ca.issue("CN=someone else").build());
    IssuedCert forged = ca.forge("CN=forged").build();
    JdbcStatusProvider p = provider(mode);

    Decision d = decide(p, forged);

    assertThat(d.status()).as(d.explain()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(d.unknownReason()).contains(UnknownReason.NOT_ISSUED);
    Finding notIssued = d.findings().stream().filter(f -> f.role() == Role.ISSUANCE)
        .findFirst().orElseThrow();
    assertThat(notIssued).isInstanceOf(Finding.NotIssued.class);
    assertThat(notIssued.version().asOf()).contains(NOW);

    StatusQuery q = StatusQuery.of(issuer, forged.certificate(), clock.instant());
    Decision rfc6960 = DecisionChain.builder(issuer).provider(p)
        .nonIssuedPolicy(NonIssuedPolicy.revoked(Duration.ofMinutes(15))).build().decide(q);
    assertThat(rfc6960.status()).as(rfc6960.explain()).isEqualTo(CertStatus.REVOKED);
    assertThat(rfc6960.isNonIssuedRevocation()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void certificateForgedWithAnIssuedSerialIsACertificateMismatch(Mode mode) {
    IssuedCert real = ca.issue("CN=real").build();
    insert(ca, real);
    IssuedCert forged = ca.forge("CN=forged").serial(real.serial()).build();
    JdbcStatusProvider p = provider(mode);

    Decision d = decide(p, forged);

    assertThat(d.status()).as(d.explain()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(d.unknownReason()).contains(UnknownReason.CERTIFICATE_MISMATCH);
    assertThat(decide(p, real).status()).isEqualTo(CertStatus.GOOD);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void certificateIsExpiredAfterTheRowsNotAfter(Mode mode) {
    IssuedCert c = ca.issue("CN=old").build();
    insert(ca, c);
    JdbcStatusProvider p = provider(mode);
    Instant after = c.certificate().getNotAfter().toInstant().plusSeconds(1);

    Decision d = decide(p, StatusQuery.of(issuer, SerialNumber.of(c.serial()), after));

    assertThat(d.unknownReason()).as(d.explain()).contains(UnknownReason.EXPIRED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void rowsOfAnotherIssuerNeverAnswerForTheServedOne(Mode mode) {
    IssuedCert other = otherCa.issue("CN=other").build();
    insert(otherCa, other);
    JdbcStatusProvider p = provider(mode);

    Decision sameSerial = decideSerialOnly(p, other.serial());
    assertThat(sameSerial.unknownReason()).as(sameSerial.explain())
        .contains(UnknownReason.NOT_ISSUED);

    StatusQuery forOther = StatusQuery.of(IssuerId.of(otherCa.certificate()),
        SerialNumber.of(other.serial()), NOW);
    assertThat(p.find(Role.REVOCATION, forOther)).isInstanceOf(Finding.NotCovered.class);
    assertThat(p.find(Role.ISSUANCE, forOther)).isInstanceOf(Finding.NotCovered.class);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void twoRowsForOneSerialStillRevokeButNeverAnswerIssued(Mode mode) {
    String loose = db.newTable("nokey");
    db.execute("CREATE TABLE " + loose + " (issuer_key_hash VARCHAR(64), serial VARCHAR(66),"
        + " not_before BIGINT, not_after BIGINT, revocation_time BIGINT,"
        + " revocation_reason INTEGER, invalidity_date BIGINT, cert_sha256 VARCHAR(64),"
        + " updated_at BIGINT)");
    table = loose;
    IssuedCert twiceGood = ca.issue("CN=twice").build();
    IssuedCert twiceRevoked = ca.issue("CN=twice and once revoked").build();
    IssuedCert single = ca.issue("CN=single").build();
    insert(ca, twiceGood);
    insert(ca, twiceGood);
    insert(ca, twiceRevoked);
    revoke(twiceRevoked, NOW.minus(Duration.ofDays(1)), 1, null);
    insert(ca, twiceRevoked);
    insert(ca, single);
    JdbcStatusProvider p = provider(mode);

    Decision good = decide(p, twiceGood);
    assertThat(good.unknownReason()).as(good.explain())
        .contains(UnknownReason.ISSUANCE_UNAVAILABLE);
    assertThat(good.explain()).contains("more than one row");
    assertThat(decide(p, twiceRevoked).revocation().orElseThrow().reason())
        .contains(RevocationReason.KEY_COMPROMISE);
    assertThat(decide(p, single).status()).isEqualTo(CertStatus.GOOD);
  }

  // ---- per lookup ----------------------------------------------------------------------------

  @Test
  void perLookupAnswersBothRolesOfADecisionFromOneQuery() {
    IssuedCert c = ca.issue("CN=once").build();
    insert(ca, c);
    CountingDataSource counting = new CountingDataSource(db.dataSource());
    JdbcStatusProvider p = provider(Mode.PER_LOOKUP, builder(counting));

    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);

    assertThat(counting.borrowed.get()).isEqualTo(2);
  }

  @Test
  void perLookupSeesARowTheMomentItIsCommitted() {
    JdbcStatusProvider p = provider(Mode.PER_LOOKUP);
    IssuedCert c = ca.issue("CN=new").build();
    assertThat(decide(p, c).unknownReason()).contains(UnknownReason.NOT_ISSUED);

    insert(ca, c);

    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);
  }

  // ---- snapshot ------------------------------------------------------------------------------

  @Test
  void snapshotLearnsNewAndRevokedCertificatesAtTheNextSync() {
    IssuedCert old = ca.issue("CN=old").build();
    insert(ca, old);
    JdbcStatusProvider p = provider(Mode.SNAPSHOT);
    IssuedCert fresh = ca.issue("CN=fresh").build();
    clock.advance(Duration.ofSeconds(5));
    insert(ca, fresh);
    revoke(old, clock.instant(), 4, null);
    assertThat(decide(p, fresh).unknownReason()).contains(UnknownReason.NOT_ISSUED);
    assertThat(decide(p, old).status()).isEqualTo(CertStatus.GOOD);
    long generation = p.generation();

    assertThat(p.syncNow()).isTrue();

    assertThat(decide(p, fresh).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, old).status()).isEqualTo(CertStatus.REVOKED);
    assertThat(p.generation()).isGreaterThan(generation);
    assertThat(p.state().version().orElseThrow().label()).contains("2 rows");
  }

  @Test
  void snapshotOlderThanItsMaximumAgeIsUnavailable() {
    IssuedCert c = ca.issue("CN=c").build();
    insert(ca, c);
    JdbcStatusProvider p = provider(Mode.SNAPSHOT);

    clock.advance(MAX_AGE.plusSeconds(1));

    Decision d = decide(p, c);
    assertThat(d.unknownReason()).as(d.explain()).contains(UnknownReason.REVOCATION_UNAVAILABLE);
    assertThat(p.syncNow()).isTrue();
    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);
  }

  @Test
  void snapshotSyncingInTheBackgroundKnowsAnInsertWithinTheSyncInterval() throws Exception {
    JdbcStatusProvider p = closeLater(JdbcStatusProvider.builder("db", db.dataSource())
        .mapping(TableMapping.certstatus(table)).issuer(ca.certificate())
        .snapshot(Duration.ofMillis(200), Duration.ofMinutes(1)).build());
    IssuedCert c = ca.issue("CN=late").build();
    insert(ca, c);
    StatusQuery q = StatusQuery.of(issuer, SerialNumber.of(c.serial()), NOW);

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    CertStatus status = decide(p, q).status();
    while (status != CertStatus.GOOD && System.nanoTime() < deadline) {
      Thread.sleep(50);
      status = decide(p, q).status();
    }

    assertThat(status).as("%s", p.state()).isEqualTo(CertStatus.GOOD);
  }

  @Test
  void snapshotHoldsBackAFullReloadThatShrinksUntilTheNextConfirmsIt() {
    List<IssuedCert> certs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      IssuedCert c = ca.issue("CN=c" + i).build();
      insert(ca, c);
      certs.add(c);
    }
    JdbcStatusProvider p = closeLater(builder(db.dataSource())
        .snapshot(Duration.ofSeconds(5), MAX_AGE).fullReloadInterval(Duration.ofMinutes(1))
        .manualSync().build());
    assertThat(p.syncNow()).isTrue();
    db.update("DELETE FROM " + table + " WHERE serial <> ?",
        SerialNumber.of(certs.get(0).serial()).toHex());
    clock.advance(Duration.ofMinutes(2));

    assertThat(p.syncNow()).isFalse();
    assertThat(decide(p, certs.get(5)).status()).isEqualTo(CertStatus.GOOD);
    assertThat(p.state().lastFailure().orElseThrow()).contains("held back");

    assertThat(p.syncNow()).isTrue();
    assertThat(decide(p, certs.get(5)).unknownReason()).contains(UnknownReason.NOT_ISSUED);
    assertThat(decide(p, certs.get(0)).status()).isEqualTo(CertStatus.GOOD);
  }

  @Test
  void snapshotSkipsRowsWhoseSerialCannotBeReadAndServesTheRest() {
    IssuedCert c = ca.issue("CN=fine").build();
    insert(ca, c);
    db.update("INSERT INTO " + table + " (issuer_key_hash, serial, not_before, not_after,"
        + " updated_at) VALUES (?, 'not hex', 0, 1, 0)", HexFormat.of().formatHex(
            issuer.keyHash(dev.certstatus.core.HashAlgorithm.SHA256)));

    JdbcStatusProvider p = provider(Mode.SNAPSHOT);

    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);
    assertThat(p.state().version().orElseThrow().label()).contains("1 unreadable rows skipped");
  }

  // ---- EJBCA ---------------------------------------------------------------------------------

  /** The DN string EJBCA writes for the test CA: its own component order, CN first. */
  static final String EJBCA_ISSUER_DN = "CN=JDBC Test CA,O=certstatus,C=DE";

  JdbcStatusProvider ejbcaProvider(Mode mode, String ejbcaTable, TableMapping mapping) {
    JdbcStatusProvider.Builder b = JdbcStatusProvider.builder("ejbca", db.dataSource())
        .mapping(mapping).issuer(ca.certificate()).clock(clock);
    if (mode == Mode.SNAPSHOT) {
      b.snapshot(Duration.ofSeconds(5), MAX_AGE).manualSync();
    }
    JdbcStatusProvider p = closeLater(b.build());
    if (mode == Mode.SNAPSHOT) {
      assertThat(p.syncNow()).as("%s", p.state()).isTrue();
    }
    return p;
  }

  void ejbcaRow(String ejbcaTable, IssuedCert c, String issuerDn, int status, Instant revoked,
      int reason) {
    EjbcaTable.insert(db, ejbcaTable, c.certificate(), ca.certificate(), issuerDn, status,
        revoked == null ? -1 : revoked.toEpochMilli(), reason, clock.millis());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ejbcaPresetReadsCertificateDataStatusesAndReasons(Mode mode) {
    String t = db.newTable("ejbca");
    EjbcaTable.create(db, t);
    Instant revokedAt = NOW.minus(Duration.ofDays(2));
    IssuedCert active = ca.issue("CN=active").build();
    IssuedCert notified = ca.issue("CN=notified about expiration").build();
    IssuedCert revoked = ca.issue("CN=revoked").build();
    IssuedCert held = ca.issue("CN=on hold").build();
    IssuedCert archivedRevoked = ca.issue("CN=archived and revoked").build();
    IssuedCert archived = ca.issue("CN=archived").build();
    IssuedCert legacy = ca.issue("CN=legacy status 30").build();
    IssuedCert released = ca.issue("CN=released from hold").build();
    ejbcaRow(t, active, EJBCA_ISSUER_DN, 20, null, -1);
    ejbcaRow(t, notified, EJBCA_ISSUER_DN, 21, null, -1);
    ejbcaRow(t, revoked, EJBCA_ISSUER_DN, 40, revokedAt, 1);
    ejbcaRow(t, held, EJBCA_ISSUER_DN, 40, revokedAt, 6);
    ejbcaRow(t, archivedRevoked, EJBCA_ISSUER_DN, 60, revokedAt, 3);
    ejbcaRow(t, archived, EJBCA_ISSUER_DN, 60, null, -1);
    ejbcaRow(t, legacy, EJBCA_ISSUER_DN, 30, revokedAt, 6);
    ejbcaRow(t, released, EJBCA_ISSUER_DN, 20, revokedAt, 8);
    JdbcStatusProvider p = ejbcaProvider(mode, t, TableMapping.ejbca(t));

    assertThat(decide(p, active).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, notified).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, released).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, archived).status()).isEqualTo(CertStatus.GOOD);
    Decision r = decide(p, revoked);
    assertThat(r.revocation().orElseThrow().time()).isEqualTo(revokedAt);
    assertThat(r.revocation().orElseThrow().reason()).contains(RevocationReason.KEY_COMPROMISE);
    assertThat(decide(p, held).revocation().orElseThrow().reason())
        .contains(RevocationReason.CERTIFICATE_HOLD);
    assertThat(decide(p, archivedRevoked).revocation().orElseThrow().reason())
        .contains(RevocationReason.AFFILIATION_CHANGED);
    Decision unknownStatus = decide(p, legacy);
    assertThat(unknownStatus.unknownReason()).as(unknownStatus.explain())
        .contains(UnknownReason.REVOCATION_UNAVAILABLE);
    assertThat(unknownStatus.explain()).contains("unknown status value 30");
    Decision forged = decide(p, ca.forge("CN=forged").serial(active.serial()).build());
    assertThat(forged.unknownReason()).as("SHA-1 fingerprint compared")
        .contains(UnknownReason.CERTIFICATE_MISMATCH);
    assertThat(decide(p, ca.forge("CN=never issued").build()).unknownReason())
        .contains(UnknownReason.NOT_ISSUED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ejbcaIssuerDnMatchesAsANameInAnyComponentOrderAndNotAsText(Mode mode) {
    String t = db.newTable("ejbca");
    EjbcaTable.create(db, t);
    IssuedCert spaced = ca.issue("CN=spaced").build();
    IssuedCert reordered = ca.issue("CN=reordered").build();
    IssuedCert otherCase = ca.issue("CN=other case").build();
    ejbcaRow(t, spaced, "CN=JDBC Test CA, O=certstatus, C=DE", 20, null, -1);
    ejbcaRow(t, reordered, "C=DE,O=certstatus,CN=JDBC Test CA", 20, null, -1);
    ejbcaRow(t, otherCase, "cn=jdbc test ca,o=CERTSTATUS,c=de", 20, null, -1);
    IssuedCert impostor = ca.issue("CN=issued by a namesake").build();
    ejbcaRow(t, impostor, "CN=JDBC Test CA,O=certstatus,C=FR", 20, null, -1);
    JdbcStatusProvider p = ejbcaProvider(mode, t, TableMapping.ejbca(t));

    assertThat(decide(p, spaced).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, reordered).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, otherCase).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, impostor).unknownReason()).contains(UnknownReason.NOT_ISSUED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ejbcaPresetCanMatchIssuersByCaFingerprint(Mode mode) {
    String t = db.newTable("ejbca");
    EjbcaTable.create(db, t);
    IssuedCert mine = ca.issue("CN=mine").build();
    ejbcaRow(t, mine, "CN=a DN this mapping ignores", 20, null, -1);
    IssuedCert theirs = otherCa.issue("CN=theirs").serial(mine.serial()).build();
    EjbcaTable.insert(db, t, theirs.certificate(), otherCa.certificate(), EJBCA_ISSUER_DN, 40,
        NOW.toEpochMilli(), 1, clock.millis());
    TableMapping byFingerprint = TableMapping.ejbca(t).toBuilder()
        .issuerColumn("cAFingerprint", IssuerMatch.byCaFingerprint("SHA-1")).build();
    JdbcStatusProvider p = ejbcaProvider(mode, t, byFingerprint);

    Decision d = decide(p, mine);

    assertThat(d.status()).as(d.explain()).isEqualTo(CertStatus.GOOD);
  }

  // ---- outages -------------------------------------------------------------------------------

  @Test
  void perLookupIsUnknownWhileTheDatabaseIsCutOrSilentAndRecoversAfter() throws Exception {
    assumeTrue(kind() != TestDatabase.Kind.H2, "H2 runs in-process: no connection to cut");
    IssuedCert c = ca.issue("CN=outage").build();
    insert(ca, c);
    TcpProxy proxy = closeLater(new TcpProxy(kind().port));
    DataSource viaProxy = closeLater(db.poolVia(proxy.port()));
    JdbcStatusProvider p = closeLater(
        builder(viaProxy).perLookup(Duration.ofMillis(1500)).build());
    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);

    proxy.cut();
    Decision cut = decide(p, c);
    assertThat(cut.unknownReason()).as(cut.explain())
        .contains(UnknownReason.REVOCATION_UNAVAILABLE);

    proxy.restore();
    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);

    proxy.stall();
    long start = System.nanoTime();
    Decision silent = decide(p, c);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(silent.status()).as(silent.explain()).isEqualTo(CertStatus.UNKNOWN);
    assertThat(took).as("the lookup deadline, whatever the driver waits for")
        .isLessThan(Duration.ofSeconds(4));

    proxy.restore();
    IssuedCert later = ca.issue("CN=issued during the outage").build();
    insert(ca, later);
    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, later).status()).isEqualTo(CertStatus.GOOD);
    assertThat(p.state().failedReloads()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void perLookupIsUnavailableWhenAQueryWaitsPastItsTimeout() throws Exception {
    assumeTrue(kind() != TestDatabase.Kind.H2, "H2's MVCC lets readers pass any lock");
    IssuedCert c = ca.issue("CN=locked out").build();
    insert(ca, c);
    JdbcStatusProvider p = closeLater(
        builder(db.dataSource()).perLookup(Duration.ofSeconds(1)).build());
    Decision during;
    Duration took;
    try (Connection locker = db.dataSource().getConnection();
        java.sql.Statement s = locker.createStatement()) {
      locker.setAutoCommit(false);
      s.execute(kind() == TestDatabase.Kind.POSTGRESQL
          ? "LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE"
          : "LOCK TABLES " + table + " WRITE");
      long start = System.nanoTime();
      during = decide(p, c);
      took = Duration.ofNanos(System.nanoTime() - start);
      if (kind() == TestDatabase.Kind.MARIADB) {
        s.execute("UNLOCK TABLES");
      }
      locker.rollback();
    }

    assertThat(during.unknownReason()).as(during.explain())
        .contains(UnknownReason.REVOCATION_UNAVAILABLE);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(decide(p, c).status()).isEqualTo(CertStatus.GOOD);
  }

  @Test
  void snapshotKeepsItsLastGoodDataThroughAnOutageAndCatchesUpAfter() throws Exception {
    assumeTrue(kind() != TestDatabase.Kind.H2, "H2 runs in-process: no connection to cut");
    IssuedCert before = ca.issue("CN=before").build();
    insert(ca, before);
    TcpProxy proxy = closeLater(new TcpProxy(kind().port));
    DataSource viaProxy = closeLater(db.poolVia(proxy.port()));
    JdbcStatusProvider p = provider(Mode.SNAPSHOT, builder(viaProxy));

    proxy.cut();
    clock.advance(Duration.ofSeconds(30));
    IssuedCert during = ca.issue("CN=during").build();
    insert(ca, during);
    revoke(before, clock.instant(), 1, null);
    assertThat(p.syncNow()).isFalse();
    assertThat(decide(p, before).status()).as("last good data").isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, during).unknownReason()).contains(UnknownReason.NOT_ISSUED);

    clock.advance(MAX_AGE);
    assertThat(decide(p, before).unknownReason())
        .contains(UnknownReason.REVOCATION_UNAVAILABLE);

    proxy.restore();
    assertThat(p.syncNow()).as("%s", p.state()).isTrue();
    assertThat(decide(p, during).status()).isEqualTo(CertStatus.GOOD);
    assertThat(decide(p, before).status()).isEqualTo(CertStatus.REVOKED);
  }

  /** A real DataSource that counts borrowed connections. */
  static final class CountingDataSource implements DataSource {
    final DataSource delegate;
    final AtomicInteger borrowed = new AtomicInteger();

    CountingDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      borrowed.incrementAndGet();
      return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      borrowed.incrementAndGet();
      return delegate.getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return delegate.isWrapperFor(iface);
    }
  }
}
