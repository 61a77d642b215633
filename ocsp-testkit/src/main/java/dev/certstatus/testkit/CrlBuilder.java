package dev.certstatus.testkit;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.ReasonFlags;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;

/**
 * Builds a full or delta CRL of a {@link TestCa}. Obtain one from {@link TestCa#crl()} or
 * {@link TestCa#deltaCrl(long)}.
 *
 * <p>Defaults: thisUpdate is the PKI's clock, nextUpdate seven days later, the CRL number is one
 * more than the highest this CA used, signed by the CA's key, with authorityKeyIdentifier and
 * cRLNumber. Entries carry reasonCode (omitted for unspecified, as RFC 5280 5.3.1 recommends)
 * and invalidityDate when recorded.
 */
public final class CrlBuilder {
    /** Default CRL lifetime: a common weekly publication interval. */
    static final Duration DEFAULT_CRL_VALIDITY = Duration.ofDays(7);

    private final TestCa ca;
    private final BigInteger deltaBase;
    private Instant thisUpdate;
    private Instant nextUpdate;
    private boolean omitNextUpdate;
    private BigInteger number;
    private IssuedCert signer;
    private boolean onlyUserCerts;
    private boolean onlyCaCerts;
    private boolean onlyAttributeCerts;
    private boolean indirect;
    private Set<RevocationReason> onlySomeReasons;
    private String distributionPointUri;
    private final List<Certificates.Extra> extras = new ArrayList<>();
    private final Map<BigInteger, List<Certificates.Extra>> entryExtras = new LinkedHashMap<>();

    CrlBuilder(TestCa ca, BigInteger deltaBase) {
        this.ca = ca;
        this.deltaBase = deltaBase;
    }

    /**
     * Sets thisUpdate (whole seconds).
     *
     * @param instant the issue time
     * @return this builder
     */
    public CrlBuilder thisUpdate(Instant instant) {
        this.thisUpdate = Crypto.seconds(Objects.requireNonNull(instant, "thisUpdate"));
        return this;
    }

    /**
     * Sets nextUpdate (whole seconds).
     *
     * @param instant when the next CRL is due
     * @return this builder
     */
    public CrlBuilder nextUpdate(Instant instant) {
        this.nextUpdate = Crypto.seconds(Objects.requireNonNull(instant, "nextUpdate"));
        this.omitNextUpdate = false;
        return this;
    }

    /**
     * Leaves nextUpdate out, which RFC 5280 forbids for conforming CAs but readers must survive.
     *
     * @return this builder
     */
    public CrlBuilder withoutNextUpdate() {
        this.omitNextUpdate = true;
        this.nextUpdate = null;
        return this;
    }

    /**
     * Sets the cRLNumber.
     *
     * @param crlNumber a non-negative number; for a delta CRL, greater than its base
     * @return this builder
     * @throws IllegalArgumentException if negative, or not above the delta base
     */
    public CrlBuilder number(long crlNumber) {
        return number(BigInteger.valueOf(crlNumber));
    }

    /**
     * Sets the cRLNumber.
     *
     * @param crlNumber a non-negative number; for a delta CRL, greater than its base
     * @return this builder
     * @throws IllegalArgumentException if negative, or not above the delta base
     */
    public CrlBuilder number(BigInteger crlNumber) {
        Objects.requireNonNull(crlNumber, "crlNumber");
        if (crlNumber.signum() < 0) {
            throw new IllegalArgumentException("CRL number must not be negative, got " + crlNumber);
        }
        if (deltaBase != null && crlNumber.compareTo(deltaBase) <= 0) {
            throw new IllegalArgumentException("delta CRL number " + crlNumber
                    + " must be greater than its base CRL number " + deltaBase);
        }
        this.number = crlNumber;
        return this;
    }

    /**
     * Signs with a delegated CRL signer instead of the CA's key. The CRL's issuer becomes the
     * signer's subject and the authorityKeyIdentifier its key; when that name differs from the
     * CA's, the first entry carries a (critical) certificateIssuer naming the CA, as RFC 5280
     * 5.3.3 requires of indirect CRLs. Mark it {@link #indirectCrl()} too unless testing its
     * absence.
     *
     * @param crlSigner a certificate issued by this CA (e.g. by {@link TestCa#crlSigner(String)})
     *     or by another CA for indirect-CRL tests
     * @return this builder
     */
    public CrlBuilder signedBy(IssuedCert crlSigner) {
        this.signer = Objects.requireNonNull(crlSigner, "crlSigner");
        return this;
    }

    /**
     * Sets issuingDistributionPoint onlyContainsUserCerts.
     *
     * @return this builder
     */
    public CrlBuilder onlyContainsUserCerts() {
        this.onlyUserCerts = true;
        return this;
    }

    /**
     * Sets issuingDistributionPoint onlyContainsCACerts.
     *
     * @return this builder
     */
    public CrlBuilder onlyContainsCaCerts() {
        this.onlyCaCerts = true;
        return this;
    }

    /**
     * Sets issuingDistributionPoint onlyContainsAttributeCerts.
     *
     * @return this builder
     */
    public CrlBuilder onlyContainsAttributeCerts() {
        this.onlyAttributeCerts = true;
        return this;
    }

    /**
     * Sets issuingDistributionPoint indirectCRL.
     *
     * @return this builder
     */
    public CrlBuilder indirectCrl() {
        this.indirect = true;
        return this;
    }

    /**
     * Sets issuingDistributionPoint onlySomeReasons: the CRL then covers only these reasons.
     *
     * @param reasons reasons that have a ReasonFlags bit (not unspecified or removeFromCRL)
     * @return this builder
     * @throws IllegalArgumentException if the set is empty or a reason has no ReasonFlags bit
     */
    public CrlBuilder onlySomeReasons(Set<RevocationReason> reasons) {
        Objects.requireNonNull(reasons, "reasons");
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("onlySomeReasons needs at least one reason");
        }
        for (RevocationReason reason : reasons) {
            if (reason.reasonFlagsBit().isEmpty()) {
                throw new IllegalArgumentException("reason " + reason + " has no ReasonFlags bit and cannot be in onlySomeReasons");
            }
        }
        this.onlySomeReasons = EnumSet.copyOf(reasons);
        return this;
    }

    /**
     * Sets the issuingDistributionPoint distributionPoint to a URI full name.
     *
     * @param uri the distribution point, e.g. {@code "http://crl.example/sub.crl"}
     * @return this builder
     */
    public CrlBuilder distributionPoint(String uri) {
        this.distributionPointUri = SubjectBuilder.requireUrl(uri);
        return this;
    }

    /**
     * Adds an arbitrary CRL extension, e.g. an unknown critical one that must make the CRL
     * unusable.
     *
     * @param oid dotted object identifier
     * @param critical the critical flag
     * @param derValue the DER encoding of the extension value
     * @return this builder
     */
    public CrlBuilder extraCrlExtension(String oid, boolean critical, byte[] derValue) {
        extras.add(Certificates.Extra.of(oid, critical, derValue));
        return this;
    }

    /**
     * Adds an arbitrary extension to the entry of one revoked serial.
     *
     * @param serial a serial that this CRL will list
     * @param oid dotted object identifier
     * @param critical the critical flag
     * @param derValue the DER encoding of the extension value
     * @return this builder
     */
    public CrlBuilder extraEntryExtension(BigInteger serial, String oid, boolean critical, byte[] derValue) {
        Objects.requireNonNull(serial, "serial");
        entryExtras.computeIfAbsent(serial, s -> new ArrayList<>()).add(Certificates.Extra.of(oid, critical, derValue));
        return this;
    }

    /**
     * Signs the CRL. A full CRL's revocation state is remembered under its number as a base for
     * later delta CRLs.
     *
     * @return the CRL, parsed by the JDK
     * @throws IllegalArgumentException if nextUpdate is before thisUpdate, or an entry extension
     *     names a serial the CRL does not list
     */
    public X509CRL build() {
        Instant issued = thisUpdate != null ? thisUpdate : ca.pki().now();
        Instant next = omitNextUpdate ? null : (nextUpdate != null ? nextUpdate : issued.plus(DEFAULT_CRL_VALIDITY));
        if (next != null && next.isBefore(issued)) {
            throw new IllegalArgumentException("nextUpdate " + next + " is before thisUpdate " + issued);
        }
        BigInteger crlNumber = number != null ? number : ca.nextCrlNumber();
        if (deltaBase != null && crlNumber.compareTo(deltaBase) <= 0) {
            crlNumber = deltaBase.add(BigInteger.ONE);
        }
        Map<BigInteger, RevokedEntry> current = ca.revokedState();
        List<RevokedEntry> entries = deltaBase == null ? new ArrayList<>(current.values()) : deltaEntries(current);
        for (BigInteger serial : entryExtras.keySet()) {
            if (entries.stream().noneMatch(e -> e.serial().equals(serial))) {
                throw new IllegalArgumentException("extra entry extension for serial " + serial.toString(16)
                        + ", which this CRL does not list");
            }
        }

        X500Name issuerName = signer != null ? Crypto.subjectOf(signer.certificate()) : ca.subjectName();
        PrivateKey signingKey = signer != null ? signer.privateKey() : ca.privateKey();
        PublicKey signingPublicKey = signer != null ? signer.keyPair().getPublic() : ca.publicKey();
        boolean needsCertificateIssuer = !issuerName.equals(ca.subjectName());

        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName, Crypto.date(issued));
        if (next != null) {
            builder.setNextUpdate(Crypto.date(next));
        }
        try {
            boolean first = true;
            for (RevokedEntry entry : entries) {
                builder.addCRLEntry(entry.serial(), Crypto.date(entry.revocationTime()),
                        entryExtensions(entry, first && needsCertificateIssuer));
                first = false;
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(Crypto.keyIdentifier(signingPublicKey)));
            builder.addExtension(Extension.cRLNumber, false, new ASN1Integer(crlNumber));
            if (deltaBase != null) {
                builder.addExtension(Extension.deltaCRLIndicator, true, new ASN1Integer(deltaBase));
            }
            if (hasIssuingDistributionPoint()) {
                builder.addExtension(Extension.issuingDistributionPoint, true, issuingDistributionPoint());
            }
            for (Certificates.Extra extra : extras) {
                builder.addExtension(extra.oid(), extra.critical(), extra.derValue());
            }
        } catch (CertIOException e) {
            throw new IllegalArgumentException("cannot encode a CRL extension: " + e.getMessage(), e);
        }
        X509CRL crl = Crypto.crl(builder.build(Crypto.signer(signingKey)));
        ca.crlBuilt(crlNumber, deltaBase == null ? current : null);
        return crl;
    }

    private List<RevokedEntry> deltaEntries(Map<BigInteger, RevokedEntry> current) {
        Map<BigInteger, RevokedEntry> base = ca.fullCrlState(deltaBase);
        List<RevokedEntry> changes = new ArrayList<>();
        for (RevokedEntry entry : current.values()) {
            if (!entry.equals(base.get(entry.serial()))) {
                changes.add(entry);
            }
        }
        for (RevokedEntry held : base.values()) {
            if (!current.containsKey(held.serial())) {
                // Only release() removes an entry, so a release time is always known here.
                Instant releasedAt = ca.releaseTime(held.serial()).orElse(held.revocationTime());
                changes.add(new RevokedEntry(held.serial(), releasedAt, RevocationReason.REMOVE_FROM_CRL,
                        java.util.Optional.empty()));
            }
        }
        return changes;
    }

    private Extensions entryExtensions(RevokedEntry entry, boolean addCertificateIssuer) throws CertIOException {
        ExtensionsGenerator generator = new ExtensionsGenerator();
        try {
            if (entry.reason() != RevocationReason.UNSPECIFIED) {
                generator.addExtension(Extension.reasonCode, false, new ASN1Enumerated(entry.reason().code()));
            }
            if (entry.invalidityDate().isPresent()) {
                generator.addExtension(Extension.invalidityDate, false,
                        new DERGeneralizedTime(Crypto.date(entry.invalidityDate().get())));
            }
            if (addCertificateIssuer) {
                generator.addExtension(Extension.certificateIssuer, true,
                        new GeneralNames(new GeneralName(ca.subjectName())));
            }
            for (Certificates.Extra extra : entryExtras.getOrDefault(entry.serial(), List.of())) {
                generator.addExtension(extra.oid(), extra.critical(), extra.derValue());
            }
        } catch (java.io.IOException e) {
            throw new CertIOException("cannot encode entry extensions of serial " + entry.serial().toString(16), e);
        }
        return generator.isEmpty() ? null : generator.generate();
    }

    private boolean hasIssuingDistributionPoint() {
        return onlyUserCerts || onlyCaCerts || onlyAttributeCerts || indirect || onlySomeReasons != null
                || distributionPointUri != null;
    }

    private IssuingDistributionPoint issuingDistributionPoint() {
        DistributionPointName name = distributionPointUri == null ? null : new DistributionPointName(
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, distributionPointUri)));
        ReasonFlags reasons = null;
        if (onlySomeReasons != null) {
            int flags = 0;
            for (RevocationReason reason : onlySomeReasons) {
                // ReasonFlags numbers bits from the most significant bit of the first octet.
                int bit = reason.reasonFlagsBit().orElseThrow();
                flags |= bit < 8 ? (1 << (7 - bit)) : (1 << (15 - bit + 8));
            }
            reasons = new ReasonFlags(flags);
        }
        return new IssuingDistributionPoint(name, onlyUserCerts, onlyCaCerts, reasons, indirect, onlyAttributeCerts);
    }
}
