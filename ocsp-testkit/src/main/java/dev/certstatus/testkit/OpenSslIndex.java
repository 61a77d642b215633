package dev.certstatus.testkit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Writes a CA's database as the {@code index.txt} that {@code openssl ca} keeps, so OpenSSL
 * ({@code openssl ca -gencrl}, {@code openssl ocsp -index}) and index readers can be tested on it.
 *
 * <p>One line per certificate the CA issued (forged ones are not in a CA's database), in issue
 * order, six tab-separated fields as {@code apps/ca.c} writes them: status {@code V}, {@code R} or
 * {@code E}; the certificate's notAfter as encoded ({@code YYMMDDHHMMSSZ}, or
 * {@code YYYYMMDDHHMMSSZ} from 2050); for {@code R} the revocation time in the same form, a comma
 * and the reason word; the serial as OpenSSL's {@code BN_bn2hex} prints it (uppercase, even
 * length); the file name {@code unknown}; the subject in {@code X509_NAME_oneline} form
 * ({@code /O=Example/CN=leaf}).
 *
 * <p>A keyCompromise or cACompromise revocation with an invalidity date is written with
 * OpenSSL's {@code keyTime} / {@code CAkeyTime} pseudo reasons, which carry that date. Other
 * invalidity dates have no place in the format and are dropped.
 */
public final class OpenSslIndex {
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Instant GENERALIZED_FROM = Instant.parse("2050-01-01T00:00:00Z");

    /** OpenSSL's short names (OBJ_nid2sn) for the attributes test DNs use. */
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("2.5.4.3", "CN"), Map.entry("2.5.4.6", "C"), Map.entry("2.5.4.7", "L"),
            Map.entry("2.5.4.8", "ST"), Map.entry("2.5.4.10", "O"), Map.entry("2.5.4.11", "OU"),
            Map.entry("2.5.4.5", "serialNumber"), Map.entry("2.5.4.4", "SN"), Map.entry("2.5.4.42", "GN"),
            Map.entry("2.5.4.12", "title"), Map.entry("2.5.4.9", "street"), Map.entry("2.5.4.17", "postalCode"),
            Map.entry("1.2.840.113549.1.9.1", "emailAddress"), Map.entry("0.9.2342.19200300.100.1.25", "DC"),
            Map.entry("0.9.2342.19200300.100.1.1", "UID"), Map.entry("2.5.4.97", "organizationIdentifier"));

    private OpenSslIndex() {
    }

    /**
     * Renders the index of a CA.
     *
     * @param ca the CA
     * @param asOf the time against which valid certificates past their notAfter become {@code E},
     *     as {@code openssl ca -updatedb} would mark them
     * @return the file content
     * @throws IllegalArgumentException if a revocation reason has no OpenSSL word
     *     (privilegeWithdrawn, aACompromise)
     */
    public static String render(TestCa ca, Instant asOf) {
        Map<BigInteger, RevokedEntry> revoked = ca.revokedState();
        StringBuilder out = new StringBuilder();
        for (IssuedCert issued : ca.issued()) {
            X509Certificate certificate = issued.certificate();
            Instant notAfter = certificate.getNotAfter().toInstant();
            RevokedEntry revocation = revoked.get(issued.serial());
            String status;
            String revocationField = "";
            if (revocation != null) {
                status = "R";
                revocationField = revocationField(revocation);
            } else {
                status = notAfter.isAfter(asOf) ? "V" : "E";
            }
            out.append(status).append('\t')
                    .append(asn1Time(notAfter)).append('\t')
                    .append(revocationField).append('\t')
                    .append(serialHex(issued.serial())).append('\t')
                    .append("unknown").append('\t')
                    .append(oneLine(Crypto.subjectOf(certificate))).append('\n');
        }
        return out.toString();
    }

    /**
     * Writes {@code index.txt} and, beside it, {@code index.txt.attr} with
     * {@code unique_subject = no} (so OpenSSL accepts several certificates for one subject).
     *
     * @param indexFile the index file, e.g. {@code dir/index.txt}
     * @param ca the CA
     * @param asOf see {@link #render(TestCa, Instant)}
     * @return the index file
     */
    public static Path write(Path indexFile, TestCa ca, Instant asOf) {
        PkiFiles.write(indexFile, render(ca, asOf).getBytes(StandardCharsets.UTF_8));
        PkiFiles.write(indexFile.resolveSibling(indexFile.getFileName() + ".attr"),
                "unique_subject = no\n".getBytes(StandardCharsets.US_ASCII));
        return indexFile;
    }

    /**
     * Formats a serial as OpenSSL's {@code BN_bn2hex} does in the index: uppercase hex of the
     * magnitude in whole octets, "00" for zero, a leading "-" for negative values.
     *
     * @param serial the serial
     * @return the hex form
     */
    public static String serialHex(BigInteger serial) {
        if (serial.signum() == 0) {
            return "00";
        }
        String hex = serial.abs().toString(16).toUpperCase(java.util.Locale.ROOT);
        if (hex.length() % 2 != 0) {
            hex = "0" + hex;
        }
        return serial.signum() < 0 ? "-" + hex : hex;
    }

    /**
     * Formats a name as OpenSSL's {@code X509_NAME_oneline}: each attribute as {@code /SN=value}
     * in encoding order, multi-valued RDNs joined with "+", bytes outside printable ASCII as
     * {@code \xHH}.
     *
     * @param name the name
     * @return the one-line form
     */
    public static String oneLine(X500Name name) {
        StringBuilder out = new StringBuilder();
        for (RDN rdn : name.getRDNs()) {
            boolean first = true;
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                out.append(first ? '/' : '+');
                first = false;
                ASN1ObjectIdentifier type = value.getType();
                out.append(SHORT_NAMES.getOrDefault(type.getId(), type.getId())).append('=');
                for (byte b : text(value.getValue()).getBytes(StandardCharsets.UTF_8)) {
                    int c = b & 0xff;
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\x%02X", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String ? ((ASN1String) value).getString() : value.toString();
    }

    private static String revocationField(RevokedEntry revocation) {
        String time = asn1Time(revocation.revocationTime());
        RevocationReason reason = revocation.reason();
        if (revocation.invalidityDate().isPresent()
                && (reason == RevocationReason.KEY_COMPROMISE || reason == RevocationReason.CA_COMPROMISE)) {
            String pseudo = reason == RevocationReason.KEY_COMPROMISE ? "keyTime" : "CAkeyTime";
            return time + "," + pseudo + "," + GENERALIZED_TIME.format(revocation.invalidityDate().get());
        }
        String word = reason.openSslName().orElseThrow(() -> new IllegalArgumentException(
                "OpenSSL's index has no word for reason " + reason + " of serial " + serialHex(revocation.serial())));
        return time + "," + word;
    }

    /** UTCTime before 2050, GeneralizedTime from then on, as RFC 5280 and OpenSSL choose. */
    static String asn1Time(Instant instant) {
        return instant.isBefore(GENERALIZED_FROM) ? UTC_TIME.format(instant) : GENERALIZED_TIME.format(instant);
    }
}
