package dev.certstatus.ocsp;

import dev.certstatus.core.CertStatus;
import dev.certstatus.core.DataVersion;
import dev.certstatus.core.Decision;
import dev.certstatus.core.DecisionChain;
import dev.certstatus.core.Finding;
import dev.certstatus.core.IssuerId;
import dev.certstatus.core.IssuerRouter;
import dev.certstatus.core.RevocationDetails;
import dev.certstatus.core.StatusQuery;
import dev.certstatus.core.UnknownReason;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSP engine: request bytes in, signed response bytes out (RFC 6960, RFC 5019). Transport
 * is the caller's business; this class only turns a DER OCSPRequest into a DER OCSPResponse.
 *
 * <pre>{@code
 * OcspResponder responder = OcspResponder.builder()
 *     .router(IssuerRouter.of(chain))
 *     .signer(chain.issuer(), OcspSigner.ofCa(caKey, caCert))
 *     .build();
 * byte[] response = responder.respond(requestBytes);
 * }</pre>
 *
 * <p>Each request entry is routed by its CertID, with the request's own hash algorithm, to the
 * {@link DecisionChain} of its CA and decided for the current instant; the response repeats each
 * CertID as sent, one SingleResponse per entry, in order. Bad input never throws: it is answered
 * with an unsigned status (RFC 6960 2.3):
 *
 * <ul>
 *   <li>{@code malformedRequest}: larger than the size limit, not strict DER, nested deeper than
 *       any OCSP request, not an OCSPRequest, more entries than the limit, a nonce outside
 *       RFC 9654's 1 to 128 octets, an unsupported critical extension, a CertID serial longer
 *       than 32 octets, hash algorithm parameters other than NULL, or (under {@link
 *       NoncePolicy#REQUIRED}) no nonce;
 *   <li>{@code unauthorized}: an entry names an issuer this responder does not serve (unless
 *       {@link UnknownIssuerPolicy#UNKNOWN}), the entries need different signers, or a required
 *       request signature is not from a trusted requestor;
 *   <li>{@code sigRequired}: request signatures are required and this one is unsigned;
 *   <li>{@code tryLater}: every served entry's sources are unavailable (UNKNOWN because of
 *       REVOCATION_UNAVAILABLE or ISSUANCE_UNAVAILABLE): nothing useful can be signed, so the
 *       client should come back rather than cache an UNKNOWN;
 *   <li>{@code internalError}: anything unexpected inside, signing included; logged.
 * </ul>
 *
 * <p>Times are whole seconds. producedAt is now. A SingleResponse's thisUpdate is the oldest
 * {@link DataVersion#asOf()} among the findings of the sources that cover the certificate (the
 * answer is known correct as of the oldest data it rests on, so no source is claimed fresher than
 * it is), or now when none is dated. Its nextUpdate is the earliest of the same findings'
 * {@link DataVersion#freshUntil()}, any future-dated revocation among them, and now plus the
 * configured maximum validity: a client may rely on the answer until the first source behind it
 * would stop answering from the data it came from.
 *
 * <p>A non-issued serial answered REVOKED under {@code NonIssuedPolicy.revoked} (RFC 6960 2.2)
 * gets certificateHold, revocationTime 1970-01-01T00:00:00Z and the extended-revoke extension
 * (NULL, non-critical) in responseExtensions.
 *
 * <p>Immutable and thread-safe.
 */
public final class OcspResponder {

  private static final Logger LOG = LoggerFactory.getLogger(OcspResponder.class);
  private static final long ERROR_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** id-pkix-ocsp-extended-revoke (RFC 6960 4.4.8). */
  static final String EXTENDED_REVOKE = "1.3.6.1.5.5.7.48.1.9";
  private static final byte[] EXTENDED_REVOKE_DER = oid(EXTENDED_REVOKE);
  private static final byte[] NONCE = oid("1.3.6.1.5.5.7.48.1.2");
  private static final byte[] INVALIDITY_DATE = oid("2.5.29.24");

  private static final Map<OcspStatus, byte[]> UNSIGNED = new EnumMap<>(OcspStatus.class);

  static {
    for (OcspStatus s : OcspStatus.values()) {
      // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } with no responseBytes.
      UNSIGNED.put(s, new byte[] {0x30, 0x03, 0x0a, 0x01, (byte) s.code()});
    }
  }

  private final IssuerRouter router;
  private final Map<IssuerId, OcspSigner> signers;
  private final OcspSigner defaultSigner;
  private final Clock clock;
  private final int maxRequestBytes;
  private final int maxEntries;
  private final NoncePolicy noncePolicy;
  private final int shortestNonce;
  private final UnknownIssuerPolicy unknownIssuerPolicy;
  private final ResponderIdType responderIdType;
  private final Duration maxValidity;
  private final ResponseCache cache;
  private final List<X509CertificateHolder> trustedRequestors;
  private final AtomicLong lastErrorLogged = new AtomicLong(System.nanoTime()
      - ERROR_LOG_INTERVAL_NANOS);

  private OcspResponder(Builder b) {
    this.router = b.router;
    this.signers = Map.copyOf(b.signers);
    this.defaultSigner = b.signers.values().iterator().next();
    this.clock = b.clock;
    this.maxRequestBytes = b.maxRequestBytes;
    this.maxEntries = b.maxEntries;
    this.noncePolicy = b.noncePolicy;
    this.shortestNonce = b.shortestNonce;
    this.unknownIssuerPolicy = b.unknownIssuerPolicy;
    this.responderIdType = b.responderIdType;
    this.maxValidity = b.maxValidity;
    this.cache = b.cacheSize > 0 ? new ResponseCache(b.cacheSize) : null;
    this.trustedRequestors = List.copyOf(b.trustedRequestors);
  }

  /** @return a builder */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Answers one request.
   *
   * @param request a DER OCSPRequest, or anything else
   * @return the DER OCSPResponse to send; never throws for bad input
   */
  public byte[] respond(byte[] request) {
    return answer(request).encoded();
  }

  /**
   * Answers one request read from a stream, such as an HTTP request body. The length in the DER
   * header is checked against the size limit before anything is buffered, and the stream must end
   * where the request does.
   *
   * @param in the stream; read up to the end of one request plus one octet, not closed
   * @return the DER OCSPResponse to send
   * @throws IOException only if reading the stream fails
   */
  public byte[] respond(InputStream in) throws IOException {
    return answer(in).encoded();
  }

  /**
   * Answers one request read from a stream, with what a transport needs besides the bytes.
   *
   * @param in the stream; read up to the end of one request plus one octet, not closed
   * @return the result
   * @throws IOException only if reading the stream fails
   * @see #respond(InputStream)
   */
  public OcspResult answer(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in");
    // Tag, then a length of at most 1 + 4 octets: anything longer is refused below anyway.
    byte[] head = new byte[6];
    if (in.readNBytes(head, 0, 2) < 2) {
      return refuse(OcspStatus.MALFORMED_REQUEST, "empty or one-octet request");
    }
    if (head[0] != Der.SEQUENCE) {
      return refuse(OcspStatus.MALFORMED_REQUEST, "not an OCSP request: the outer element is not"
          + " a SEQUENCE");
    }
    int first = head[1] & 0xff;
    int headerLength = 2;
    long contentLength;
    if (first < 0x80) {
      contentLength = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4) {
        return refuse(OcspStatus.MALFORMED_REQUEST, "not DER: bad length octet 0x"
            + Integer.toHexString(first));
      }
      if (in.readNBytes(head, 2, n) < n) {
        return refuse(OcspStatus.MALFORMED_REQUEST, "truncated length");
      }
      headerLength += n;
      contentLength = 0;
      for (int i = 0; i < n; i++) {
        contentLength = (contentLength << 8) | (head[2 + i] & 0xff);
      }
    }
    long total = headerLength + contentLength;
    if (total > maxRequestBytes) {
      return refuse(OcspStatus.MALFORMED_REQUEST, "a request of " + total
          + " octets; the limit is " + maxRequestBytes);
    }
    byte[] request = new byte[(int) total];
    System.arraycopy(head, 0, request, 0, headerLength);
    int read = in.readNBytes(request, headerLength, request.length - headerLength);
    if (read < request.length - headerLength) {
      return refuse(OcspStatus.MALFORMED_REQUEST, "truncated: " + (headerLength + read)
          + " of " + total + " octets");
    }
    if (in.read() != -1) {
      return refuse(OcspStatus.MALFORMED_REQUEST, "octets after the end of the request");
    }
    return answer(request);
  }

  /**
   * Answers one request, with what a transport needs besides the bytes.
   *
   * @param request a DER OCSPRequest, or anything else
   * @return the result; never throws for bad input
   */
  public OcspResult answer(byte[] request) {
    Objects.requireNonNull(request, "request");
    if (request.length > maxRequestBytes) {
      return refuse(OcspStatus.MALFORMED_REQUEST, "a request of " + request.length
          + " octets; the limit is " + maxRequestBytes);
    }
    RequestReader.Request req;
    try {
      req = RequestReader.read(request, maxEntries);
    } catch (Der.MalformedException e) {
      return refuse(OcspStatus.MALFORMED_REQUEST, e.getMessage());
    }
    try {
      return answer(req, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    } catch (RuntimeException e) {
      long now = System.nanoTime();
      long last = lastErrorLogged.get();
      if (now - last >= ERROR_LOG_INTERVAL_NANOS && lastErrorLogged.compareAndSet(last, now)) {
        LOG.error("internal error answering an OCSP request (logged at most once a minute)", e);
      } else {
        LOG.debug("internal error answering an OCSP request: {}", e.toString());
      }
      return refuse(OcspStatus.INTERNAL_ERROR, "internal error: " + e);
    }
  }

  private OcspResult answer(RequestReader.Request req, Instant now) {
    if (!trustedRequestors.isEmpty()) {
      if (!req.bc().isSigned()) {
        return refuse(OcspStatus.SIG_REQUIRED, "the request is not signed");
      }
      if (!signedByTrustedRequestor(req.bc(), now)) {
        return refuse(OcspStatus.UNAUTHORIZED, "the request is not signed by a trusted requestor");
      }
    }
    Optional<byte[]> nonce = noncePolicy == NoncePolicy.IGNORE || req.nonceLength() < shortestNonce
        ? Optional.empty() : req.nonce();
    if (noncePolicy == NoncePolicy.REQUIRED && nonce.isEmpty()) {
      return refuse(OcspStatus.MALFORMED_REQUEST, req.nonce().isEmpty()
          ? "the request has no nonce" : "the request's nonce is shorter than " + shortestNonce
              + " octets");
    }
    List<RequestReader.Entry> entries = req.entries();
    boolean cacheable = cache != null && nonce.isEmpty() && entries.size() == 1;
    if (cacheable) {
      Optional<OcspResult> hit = cache.get(entries.get(0).key(), now);
      if (hit.isPresent()) {
        return hit.get();
      }
    }

    int n = entries.size();
    Decision[] decisions = new Decision[n];
    DecisionChain firstChain = null;
    long generation = 0;
    OcspSigner signer = null;
    boolean allUnavailable = true;
    for (int i = 0; i < n; i++) {
      RequestReader.Entry e = entries.get(i);
      Optional<DecisionChain> chain = e.algorithm()
          .flatMap(a -> router.chainFor(a, e.nameHash(), e.keyHash()));
      if (chain.isEmpty()) {
        if (unknownIssuerPolicy == UnknownIssuerPolicy.UNAUTHORIZED) {
          return refuse(OcspStatus.UNAUTHORIZED, "entry " + i + " names an issuer this"
              + " responder does not serve (hash algorithm " + e.certId().getHashAlgorithm()
                  .getAlgorithm() + ")");
        }
        continue;
      }
      DecisionChain c = chain.get();
      OcspSigner s = signers.get(c.issuer());
      if (signer == null) {
        signer = s;
        firstChain = c;
        // Read before deciding: a snapshot swap during the decision then shows as a change.
        generation = c.dataGeneration();
      } else if (signer != s) {
        return refuse(OcspStatus.UNAUTHORIZED, "the entries name CAs with different signers ("
            + firstChain.issuer().name().getName() + ", " + c.issuer().name().getName()
            + "); one response has one signature");
      }
      decisions[i] = router.decide(StatusQuery.of(c.issuer(), e.serial(), now));
      allUnavailable &= isUnavailable(decisions[i]);
    }
    if (signer == null) {
      signer = defaultSigner;
    } else if (allUnavailable) {
      return refuse(OcspStatus.TRY_LATER, "no source can answer now");
    }

    Instant earliestNext = null;
    boolean nonIssued = false;
    List<Decision> made = new ArrayList<>(n);
    List<byte[]> singles = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Decision d = decisions[i];
      Times t = d == null ? new Times(now, now.plus(maxValidity)) : times(d, now);
      singles.add(ResponseEncoder.singleResponse(entries.get(i).certIdDer(), status(d),
          t.thisUpdate(), t.nextUpdate(), singleExtensions(d)));
      if (earliestNext == null || t.nextUpdate().isBefore(earliestNext)) {
        earliestNext = t.nextUpdate();
      }
      if (d != null) {
        made.add(d);
        nonIssued |= d.isNonIssuedRevocation();
      }
    }
    byte[] tbs = ResponseEncoder.responseData(signer.responderId(responderIdType), now, singles,
        responseExtensions(nonce, nonIssued));
    byte[] encoded = ResponseEncoder.ocspResponse(tbs, signer.algorithmIdentifier(),
        signer.sign(tbs), signer.certificatesField());
    OcspResult result = new OcspResult(OcspStatus.SUCCESSFUL, encoded, Optional.of(now),
        Optional.of(earliestNext), false, made, Optional.empty());
    if (cacheable && decisions[0] != null && isCacheable(decisions[0])) {
      Instant until = cacheUntil(decisions[0], earliestNext);
      if (until.isAfter(now)) {
        cache.put(entries.get(0).key(), new ResponseCache.Entry(new OcspResult(
            OcspStatus.SUCCESSFUL, encoded, Optional.of(now), Optional.of(earliestNext), true,
            made, Optional.empty()), firstChain, generation, until));
      }
    }
    return result;
  }

  private static boolean isUnavailable(Decision d) {
    return d.unknownReason().map(r -> r == UnknownReason.REVOCATION_UNAVAILABLE
        || r == UnknownReason.ISSUANCE_UNAVAILABLE).orElse(false);
  }

  /**
   * Only answers about certificates the data records are cached: GOOD and a real revocation. An
   * answer for a serial nobody issued (UNKNOWN, or REVOKED under RFC 6960 2.2) is not, or anyone
   * could fill the cache with random serials; other UNKNOWNs are transient or rare.
   */
  private static boolean isCacheable(Decision d) {
    return d.status() == CertStatus.GOOD
        || (d.status() == CertStatus.REVOKED && !d.isNonIssuedRevocation());
  }

  /** The response's nextUpdate, or sooner if the answer changes when the certificate expires. */
  private static Instant cacheUntil(Decision d, Instant nextUpdate) {
    Instant until = nextUpdate;
    if (d.status() == CertStatus.GOOD) {
      for (Finding f : d.findings()) {
        if (f instanceof Finding.Issued && ((Finding.Issued) f).validity().isPresent()) {
          Instant notAfter = ((Finding.Issued) f).validity().get().notAfter();
          if (notAfter.isBefore(until)) {
            until = notAfter;
          }
        }
      }
    }
    return until;
  }

  /** thisUpdate and nextUpdate of one SingleResponse. */
  private record Times(Instant thisUpdate, Instant nextUpdate) {}

  /** The times of one SingleResponse: see the class comment. */
  private Times times(Decision d, Instant now) {
    Instant thisUpdate = now;
    Instant nextUpdate = now.plus(maxValidity);
    for (Finding f : d.findings()) {
      if (f instanceof Finding.Unavailable || f instanceof Finding.NotCovered) {
        continue;
      }
      DataVersion v = f.version();
      if (v.asOf().isPresent() && v.asOf().get().isBefore(thisUpdate)) {
        thisUpdate = v.asOf().get();
      }
      if (v.freshUntil().isPresent() && v.freshUntil().get().isBefore(nextUpdate)) {
        nextUpdate = v.freshUntil().get();
      }
      if (f instanceof Finding.Revoked) {
        Instant at = ((Finding.Revoked) f).revocationTime();
        if (at.isAfter(now) && at.isBefore(nextUpdate)) {
          nextUpdate = at;
        }
      }
    }
    thisUpdate = thisUpdate.truncatedTo(ChronoUnit.SECONDS);
    nextUpdate = nextUpdate.truncatedTo(ChronoUnit.SECONDS);
    if (nextUpdate.isBefore(thisUpdate)) {
      nextUpdate = thisUpdate;
    }
    return new Times(thisUpdate, nextUpdate);
  }

  private static byte[] status(Decision d) {
    if (d == null || d.status() == CertStatus.UNKNOWN) {
      return ResponseEncoder.UNKNOWN;
    }
    if (d.status() == CertStatus.GOOD) {
      return ResponseEncoder.GOOD;
    }
    RevocationDetails r = d.revocation().get();
    return ResponseEncoder.revoked(r.time(), r.reason());
  }

  /** The invalidity date of a revocation, as the CRL entry extension RFC 6960 4.4.5 allows. */
  private static byte[] singleExtensions(Decision d) {
    if (d == null || d.revocation().isEmpty() || d.revocation().get().invalidityDate().isEmpty()) {
      return null;
    }
    return ResponseEncoder.extensions(List.of(ResponseEncoder.extension(INVALIDITY_DATE,
        ResponseEncoder.generalizedTime(d.revocation().get().invalidityDate().get()))));
  }

  private static byte[] responseExtensions(Optional<byte[]> nonce, boolean nonIssued) {
    List<byte[]> list = new ArrayList<>(2);
    // The extnValue goes back exactly as it came: the encoded OCTET STRING around the nonce.
    nonce.ifPresent(v -> list.add(ResponseEncoder.extension(NONCE, v)));
    if (nonIssued) {
      list.add(ResponseEncoder.extension(EXTENDED_REVOKE_DER, new byte[] {0x05, 0x00}));
    }
    return ResponseEncoder.extensions(list);
  }

  /**
   * A trusted requestor signed the request: directly with its own key, or with a certificate it
   * issued that the request carries first and that is valid now.
   */
  private boolean signedByTrustedRequestor(OCSPReq req, Instant now) {
    for (X509CertificateHolder t : trustedRequestors) {
      if (verifies(req, t)) {
        return true;
      }
    }
    X509CertificateHolder[] certs = req.getCerts();
    if (certs.length == 0) {
      return false;
    }
    X509CertificateHolder c = certs[0];
    for (X509CertificateHolder t : trustedRequestors) {
      try {
        if (c.getIssuer().equals(t.getSubject()) && c.isValidOn(Date.from(now))
            && c.isSignatureValid(new JcaContentVerifierProviderBuilder().build(t))) {
          return verifies(req, c);
        }
      } catch (Exception | StackOverflowError e) {
        LOG.debug("request signer certificate not verified by {}: {}", t.getSubject(), e.toString());
      }
    }
    return false;
  }

  private static boolean verifies(OCSPReq req, X509CertificateHolder cert) {
    try {
      return req.isSignatureValid(new JcaContentVerifierProviderBuilder().build(cert));
    } catch (Exception | StackOverflowError e) {
      // A key of another algorithm, or a broken signature: not this requestor.
      return false;
    }
  }

  private static byte[] oid(String dotted) {
    try {
      return new ASN1ObjectIdentifier(dotted).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static OcspResult refuse(OcspStatus status, String detail) {
    return new OcspResult(status, UNSIGNED.get(status), Optional.empty(), Optional.empty(), false,
        List.of(), Optional.of(detail));
  }

  /** @return the number of responses in the cache (0 when the cache is off) */
  public int cachedResponses() {
    return cache == null ? 0 : cache.size();
  }

  @Override
  public String toString() {
    return "OcspResponder[" + signers.size() + " CAs, nonce " + noncePolicy + ", cache "
        + (cache == null ? "off" : "on") + "]";
  }

  /** Builds an {@link OcspResponder}; each call checks its argument and names a bad value. */
  public static final class Builder {
    private IssuerRouter router;
    private final Map<IssuerId, OcspSigner> signers = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private int maxRequestBytes = 16 * 1024;
    private int maxEntries = 32;
    private NoncePolicy noncePolicy = NoncePolicy.OPTIONAL;
    private int shortestNonce = 1;
    private UnknownIssuerPolicy unknownIssuerPolicy = UnknownIssuerPolicy.UNAUTHORIZED;
    private ResponderIdType responderIdType = ResponderIdType.KEY_HASH;
    private Duration maxValidity = Duration.ofDays(1);
    private int cacheSize;
    private List<X509CertificateHolder> trustedRequestors = List.of();

    private Builder() {}

    /**
     * @param router the chains of the CAs served
     * @return this builder
     */
    public Builder router(IssuerRouter router) {
      this.router = Objects.requireNonNull(router, "router");
      return this;
    }

    /**
     * Sets the key that signs responses about one CA's certificates. Several CAs may share a
     * {@linkplain OcspSigner#trusted trusted responder}; only then can one response answer
     * entries of several CAs.
     *
     * @param issuer a CA the router serves
     * @param signer its signer: the CA's key, its designated responder, or a trusted responder
     * @return this builder
     * @throws IllegalArgumentException if the signer is authorised for another CA, or the CA
     *     already has a signer
     */
    public Builder signer(IssuerId issuer, OcspSigner signer) {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(signer, "signer");
      if (signer.ca().isPresent() && !signer.ca().get().equals(issuer)) {
        throw new IllegalArgumentException(signer + " signs for " + signer.ca().get()
            + ", not for " + issuer);
      }
      if (signers.putIfAbsent(issuer, signer) != null) {
        throw new IllegalArgumentException("two signers for " + issuer);
      }
      return this;
    }

    /**
     * @param clock the clock for the decision instant and producedAt (default: system UTC)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param octets the largest request accepted, 64 to 16 MiB (default 16 KiB; a one-entry
     *     request is about 80 octets)
     * @return this builder
     */
    public Builder maxRequestBytes(int octets) {
      if (octets < 64 || octets > (1 << 24)) {
        throw new IllegalArgumentException("maxRequestBytes must be 64 to 16777216: " + octets);
      }
      this.maxRequestBytes = octets;
      return this;
    }

    /**
     * @param entries the most entries one request may have, 1 to 10000 (default 32)
     * @return this builder
     */
    public Builder maxEntries(int entries) {
      if (entries < 1 || entries > 10_000) {
        throw new IllegalArgumentException("maxEntries must be 1 to 10000: " + entries);
      }
      this.maxEntries = entries;
      return this;
    }

    /**
     * @param policy what to do with request nonces (default {@link NoncePolicy#OPTIONAL})
     * @return this builder
     */
    public Builder noncePolicy(NoncePolicy policy) {
      this.noncePolicy = Objects.requireNonNull(policy, "noncePolicy");
      return this;
    }

    /**
     * RFC 9654 2.1 lets a responder ignore nonces shorter than 16 octets: such a nonce is then
     * treated as absent (not echoed; under {@link NoncePolicy#REQUIRED}, refused).
     *
     * @param octets 1 (the default: every valid nonce counts) to 16
     * @return this builder
     */
    public Builder ignoreNoncesShorterThan(int octets) {
      if (octets < 1 || octets > 16) {
        throw new IllegalArgumentException("RFC 9654 requires accepting nonces of 16 octets;"
            + " ignoreNoncesShorterThan must be 1 to 16: " + octets);
      }
      this.shortestNonce = octets;
      return this;
    }

    /**
     * @param policy the answer to an entry whose issuer is not served (default
     *     {@link UnknownIssuerPolicy#UNAUTHORIZED})
     * @return this builder
     */
    public Builder unknownIssuerPolicy(UnknownIssuerPolicy policy) {
      this.unknownIssuerPolicy = Objects.requireNonNull(policy, "unknownIssuerPolicy");
      return this;
    }

    /**
     * @param type how responses name their signer (default {@link ResponderIdType#KEY_HASH})
     * @return this builder
     */
    public Builder responderIdType(ResponderIdType type) {
      this.responderIdType = Objects.requireNonNull(type, "responderIdType");
      return this;
    }

    /**
     * @param validity the longest a response may be relied on, producedAt to nextUpdate: from one
     *     second to 366 days (default 1 day); the data's freshness may make it shorter
     * @return this builder
     */
    public Builder maxValidity(Duration validity) {
      Objects.requireNonNull(validity, "maxValidity");
      if (validity.compareTo(Duration.ofSeconds(1)) < 0 || validity.compareTo(Duration.ofDays(366))
          > 0) {
        throw new IllegalArgumentException("maxValidity must be 1 second to 366 days: "
            + validity);
      }
      this.maxValidity = validity;
      return this;
    }

    /**
     * Keeps pre-produced responses for nonce-less single-entry requests (RFC 5019), each served
     * until its nextUpdate, the expiry of its certificate, or the next change of the data behind
     * it, whichever comes first. Answers about serials that were never issued are not kept.
     *
     * @param responses the most responses kept; 0 (the default) turns the cache off
     * @return this builder
     */
    public Builder cacheSize(int responses) {
      if (responses < 0) {
        throw new IllegalArgumentException("cacheSize must not be negative: " + responses);
      }
      this.cacheSize = responses;
      return this;
    }

    /**
     * Requires signed requests: an unsigned one gets {@code sigRequired}, and one not signed by
     * a trusted requestor (or by a currently valid certificate that one issued, carried first in
     * the request) gets {@code unauthorized}. By default requests need no signature and any
     * signature is ignored.
     *
     * @param requestors the requestor certificates to trust, at least one
     * @return this builder
     */
    public Builder requireSignedRequests(Collection<X509Certificate> requestors) {
      Objects.requireNonNull(requestors, "requestors");
      if (requestors.isEmpty()) {
        throw new IllegalArgumentException("requireSignedRequests needs at least one trusted"
            + " requestor certificate");
      }
      List<X509CertificateHolder> holders = new ArrayList<>();
      for (X509Certificate c : requestors) {
        try {
          holders.add(new JcaX509CertificateHolder(Objects.requireNonNull(c, "requestor")));
        } catch (CertificateEncodingException e) {
          throw new IllegalArgumentException("cannot encode requestor certificate "
              + c.getSubjectX500Principal().getName(), e);
        }
      }
      this.trustedRequestors = holders;
      return this;
    }

    /**
     * @return the responder
     * @throws IllegalStateException if there is no router, a served CA has no signer, or a
     *     signer's CA is not served
     */
    public OcspResponder build() {
      if (router == null) {
        throw new IllegalStateException("no router: call router(IssuerRouter)");
      }
      if (router.chains().isEmpty()) {
        throw new IllegalStateException("the router serves no CA");
      }
      for (DecisionChain c : router.chains()) {
        if (!signers.containsKey(c.issuer())) {
          throw new IllegalStateException("no signer for " + c.issuer()
              + ": call signer(issuer, OcspSigner)");
        }
      }
      for (IssuerId issuer : signers.keySet()) {
        if (router.chainFor(issuer).isEmpty()) {
          throw new IllegalStateException("a signer is set for " + issuer
              + ", which the router does not serve");
        }
      }
      return new OcspResponder(this);
    }
  }
}
