"""Seal PDFs with a PAdES baseline signature (pyHanko) and check such seals.

The signing key and certificate are PEM files named by the settings
``CIVAC_SIGNING_KEY_FILE`` and ``CIVAC_SIGNING_CERT_FILE``. Outside production,
when both are unset, a self-signed development key pair is created once in
``VAR_DIR / "signing"`` and reused afterwards. In production both are mandatory.

Signatures carry no RFC 3161 timestamp, because signing must work on machines
without network access, where no timestamp authority (TSA) is reachable. The
signing time in a signature is therefore the time that the server itself
reported, which makes these PAdES B-B signatures, not B-T.
"""

import datetime
import fcntl
import io
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.authority import CertTrustAnchor
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)

KEY_FILE_SETTING = "CIVAC_SIGNING_KEY_FILE"
CERT_FILE_SETTING = "CIVAC_SIGNING_CERT_FILE"
DEVELOPMENT_COMMON_NAME = "civac development signing key"
DEVELOPMENT_VALIDITY_YEARS = 10
DEVELOPMENT_KEY_NAME = "signing-key.pem"
DEVELOPMENT_CERT_NAME = "signing-cert.pem"


# Locating the key and certificate


def signing_files() -> tuple[Path, Path]:
    """Return the paths of the signing key and certificate, creating the development pair if needed.

    Raises ImproperlyConfigured when only one of the two settings is set, or when
    neither is set in production.
    """
    key_setting = getattr(settings, KEY_FILE_SETTING, None)
    cert_setting = getattr(settings, CERT_FILE_SETTING, None)
    if key_setting and cert_setting:
        return Path(key_setting), Path(cert_setting)

    if key_setting or cert_setting:
        missing = CERT_FILE_SETTING if key_setting else KEY_FILE_SETTING
        raise ImproperlyConfigured(
            f"Environment variable {missing} is missing; set both {KEY_FILE_SETTING} and "
            f"{CERT_FILE_SETTING} to PEM files, or neither outside production."
        )
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            f"Environment variables {KEY_FILE_SETTING} and {CERT_FILE_SETTING} are missing; "
            "production needs a signing key and certificate as PEM files to seal PDFs."
        )
    return ensure_development_key(Path(settings.VAR_DIR) / "signing")


def ensure_development_key(directory: Path) -> tuple[Path, Path]:
    """Create a self-signed development key pair in ``directory`` unless one exists there.

    Returns the paths of the key and certificate. An exclusive lock on
    ``directory / ".lock"`` lets only one process generate, and each file is
    written to a temporary file first and renamed into place. The certificate
    is written after the key, so its presence marks a complete pair.
    """
    key_path = directory / DEVELOPMENT_KEY_NAME
    cert_path = directory / DEVELOPMENT_CERT_NAME
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path

    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(directory / ".lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            # Another process may have finished the pair while this one waited for the lock.
            if not (key_path.exists() and cert_path.exists()):
                key_pem, cert_pem = _generate_self_signed_pair()
                _write_atomically(key_path, key_pem, mode=0o600)
                _write_atomically(cert_path, cert_pem, mode=0o644)
                logger.warning(
                    "Created a self-signed development signing key in %s; "
                    "set %s and %s in production.",
                    directory, KEY_FILE_SETTING, CERT_FILE_SETTING,
                )
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
    return key_path, cert_path


def _generate_self_signed_pair() -> tuple[bytes, bytes]:
    """Generate an EC P-256 key and a self-signed certificate for it, both as PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, DEVELOPMENT_COMMON_NAME)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(_add_years(now, DEVELOPMENT_VALIDITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        # By default, pyHanko 0.38's validator accepts a signer certificate only with
        # non-repudiation (content commitment) in its key usage.
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def _add_years(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        # 29 February in a year that is not a leap year.
        return moment.replace(year=moment.year + years, day=28)


def _write_atomically(path: Path, data: bytes, *, mode: int) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it to ``path``."""
    descriptor, temporary_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as temporary_file:
            temporary_file.write(data)
            temporary_file.flush()
            os.fsync(temporary_file.fileno())
        os.chmod(temporary_name, mode)
        os.replace(temporary_name, path)
    except BaseException:
        Path(temporary_name).unlink(missing_ok=True)
        raise


# Loading the key and certificate


def _read_pem(path: Path, setting_name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(
            f"Cannot read {path}: {error.strerror}; check {setting_name} and the file permissions."
        ) from None


def _load_certificate(cert_path: Path):
    """Load the single X.509 certificate in ``cert_path`` as an asn1crypto object."""
    data = _read_pem(cert_path, CERT_FILE_SETTING)
    try:
        certificates = list(load_certs_from_pemder_data(data))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"Certificate file {cert_path} is invalid: {error}; check {CERT_FILE_SETTING}."
        ) from None
    if len(certificates) != 1:
        raise ImproperlyConfigured(
            f"Certificate file {cert_path} contains {len(certificates)} certificates; "
            f"{CERT_FILE_SETTING} must name a file with only the signing certificate."
        )
    return certificates[0]


def _load_signer(key_path: Path, cert_path: Path) -> signers.SimpleSigner:
    """Load the key pair into a pyHanko signer, checking that the key belongs to the certificate."""
    key_pem = _read_pem(key_path, KEY_FILE_SETTING)
    cert_pem = _read_pem(cert_path, CERT_FILE_SETTING)
    try:
        private_key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"Key file {key_path} is not an unencrypted PEM private key ({error}); "
            f"check {KEY_FILE_SETTING}."
        ) from None
    try:
        certificate = x509.load_pem_x509_certificate(cert_pem)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"Certificate file {cert_path} is not a PEM certificate ({error}); "
            f"check {CERT_FILE_SETTING}."
        ) from None

    # pyHanko signs with a certificate outside its validity period, but validate_pdf rejects
    # the result, so signing stops here instead.
    now = datetime.datetime.now(datetime.UTC)
    valid_from = certificate.not_valid_before_utc
    valid_until = certificate.not_valid_after_utc
    if not valid_from <= now <= valid_until:
        raise ImproperlyConfigured(
            f"Signing certificate {cert_path} is valid only from {valid_from:%Y-%m-%d} to "
            f"{valid_until:%Y-%m-%d}; set {CERT_FILE_SETTING} and {KEY_FILE_SETTING} to a current "
            "certificate and its key, or delete an expired development pair to create a new one."
        )

    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    public_key = certificate.public_key()
    if private_key.public_key().public_bytes(*spki) != public_key.public_bytes(*spki):
        raise ImproperlyConfigured(
            f"Key file {key_path} does not match the certificate in {cert_path}; set "
            f"{KEY_FILE_SETTING} and {CERT_FILE_SETTING} to a key and its own certificate."
        )
    return signers.SimpleSigner(
        signing_cert=_load_certificate(cert_path),
        signing_key=load_private_key_from_pemder_data(key_pem, passphrase=None),
        cert_registry=SimpleCertificateStore(),
    )


# Signing


def sign_pdf(data: bytes, *, reason: str, location: str, signer_name: str) -> bytes:
    """Sign ``data`` with an invisible PAdES B-B signature and return the signed PDF.

    The signature is appended as an incremental update, so ``data`` stays
    unchanged at the start of the result.

    ``reason``, ``location`` and ``signer_name`` go into the signature dictionary
    (/Reason, /Location, /Name). Raises ImproperlyConfigured when the key or
    certificate is missing or invalid. Raises pyHanko's PdfReadError, among other
    pyHanko errors, when ``data`` is not a readable PDF.
    """
    key_path, cert_path = signing_files()
    signer = _load_signer(key_path, cert_path)
    metadata = signers.PdfSignatureMetadata(
        # A new field each time, so that a PDF that is already sealed can be sealed again.
        field_name=f"civac-seal-{uuid.uuid4().hex}",
        reason=reason,
        location=location,
        name=signer_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    # No timestamper is passed, because there may be no network to reach a timestamp authority.
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    signed = signers.PdfSigner(metadata, signer=signer).sign_pdf(writer)
    return signed.getvalue()


# Validation


@dataclass(frozen=True)
class SignatureCheck:
    """Result of checking the signatures in a PDF.

    ``intact`` is true when every signature's digest matches the signed bytes.
    ``valid`` is true when every signature is intact, cryptographically valid,
    made with the configured (or development) certificate, and followed by no
    disallowed changes. ``signer``, ``signed_at`` and ``reason`` describe the
    last signature. ``signed_at`` is the time that the signing server reported,
    because the signatures carry no timestamp from a timestamp authority.
    """

    signed: bool
    intact: bool
    valid: bool
    signer: str = ""
    signed_at: datetime.datetime | None = None
    reason: str | None = None


_UNSIGNED = SignatureCheck(signed=False, intact=False, valid=False)


def validate_pdf(data: bytes) -> SignatureCheck:
    """Check every signature in ``data`` against the configured signing certificate.

    Malformed input never raises. A file that cannot be read as a PDF returns
    ``signed=False``. A signature that cannot be parsed or checked returns
    ``signed=True`` with ``intact`` and ``valid`` false. ImproperlyConfigured is
    raised for a missing or invalid certificate configuration, as in ``sign_pdf``.

    NOTE: pyHanko's ``validate_pdf_signature`` runs its own event loop, so call
    this from synchronous code only (not from inside a running asyncio loop).
    """
    trust_root = _load_certificate(signing_files()[1])

    # pyHanko 0.38 raises many exception types on malformed input besides PdfError and
    # ValueError: KeyError, AttributeError, AssertionError, zlib.error and NotImplementedError
    # came up with single flipped bytes. So both steps catch Exception and report a broken file.
    try:
        embedded_signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    except Exception as error:
        logger.info("PDF could not be read for signature validation: %s: %s",
                    type(error).__name__, error)
        return _UNSIGNED
    if not embedded_signatures:
        return _UNSIGNED

    try:
        return _check_signatures(embedded_signatures, trust_root)
    except Exception as error:
        logger.info("PDF signature could not be validated: %s: %s", type(error).__name__, error)
        return SignatureCheck(signed=True, intact=False, valid=False)


def _check_signatures(embedded_signatures, trust_root) -> SignatureCheck:
    statuses = []
    for embedded in embedded_signatures:
        # Trusting only the configured certificate makes a self-signed development certificate
        # count as trusted. pyhanko-certvalidator's path validation does not check a trust
        # anchor's validity period, so the anchor takes it from the certificate. Fetching of
        # certificates and revocation data is off, so validation never opens a network connection.
        # NOTE: with no timestamp in the signature, validation runs at the current time, so every
        # signature stops being valid once the signing certificate expires.
        anchor = CertTrustAnchor(trust_root, derive_default_quals_from_cert=True)
        context = ValidationContext(trust_roots=[anchor], allow_fetching=False)
        statuses.append(validate_pdf_signature(embedded, context))

    last_status = statuses[-1]
    return SignatureCheck(
        signed=True,
        intact=all(status.intact for status in statuses),
        valid=all(status.bottom_line for status in statuses),
        signer=_common_name(last_status.signing_cert),
        signed_at=last_status.signer_reported_dt,
        reason=_reason(embedded_signatures[-1]),
    )


def _common_name(certificate) -> str:
    """Return the certificate's subject common name, or the whole subject when it has none."""
    subject = certificate.subject
    return subject.native.get("common_name") or subject.human_friendly


def _reason(embedded) -> str | None:
    reason = embedded.sig_object.get("/Reason")
    return None if reason is None else str(reason)
