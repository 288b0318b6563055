"""PAdES sealing of PDFs: signing, validation of intact and damaged files, and key configuration."""

import datetime
import io
import multiprocessing
import os
import random
import stat
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import time_machine
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from civac import signing

ROOT = Path(__file__).resolve().parent.parent
CERTIFICATE_TEXT = "Bestellungsurkunde Anna Schneider"


@pytest.fixture(autouse=True)
def _development_signing(settings, tmp_path):
    """Select development mode without configured files and with a fresh VAR_DIR.

    This overrides whatever the environment of the test run sets.
    """
    settings.PRODUCTION = False
    settings.VAR_DIR = tmp_path / "var"
    settings.CIVAC_SIGNING_KEY_FILE = None
    settings.CIVAC_SIGNING_CERT_FILE = None


@pytest.fixture(scope="module")
def unsigned_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f"<p>{CERTIFICATE_TEXT}</p>").write_pdf()


@pytest.fixture
def signed_pdf(unsigned_pdf) -> bytes:
    return signing.sign_pdf(
        unsigned_pdf, reason="Bestellung zur ISB", location="Berlin", signer_name="civac"
    )


def _signed_range_end(data: bytes) -> int:
    """Return the offset where the first signed byte range ends (the start of /Contents)."""
    embedded = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    return int(embedded.sig_object["/ByteRange"][1])


def _write_key_pair(
    directory: Path, common_name: str, *, valid_days: tuple[int, int] = (-1, 365)
) -> tuple[Path, Path]:
    """Write an RSA key and a self-signed certificate, as an installation's own files would be.

    ``valid_days`` gives the start and end of the validity period in days from now.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=valid_days[0]))
        .not_valid_after(now + datetime.timedelta(days=valid_days[1]))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    key_path = directory / "key.pem"
    cert_path = directory / "cert.pem"
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


# Signing and validation


def test_signed_pdf_validates(signed_pdf):
    check = signing.validate_pdf(signed_pdf)

    assert check.signed is True
    assert check.intact is True
    assert check.valid is True
    assert check.signer == "civac development signing key"
    assert check.reason == "Bestellung zur ISB"
    assert check.signed_at is not None
    age = datetime.datetime.now(datetime.UTC) - check.signed_at
    assert datetime.timedelta(0) <= age < datetime.timedelta(minutes=5)


def test_signature_is_pades_with_metadata(signed_pdf):
    embedded = PdfFileReader(io.BytesIO(signed_pdf)).embedded_signatures[0]
    signature = embedded.sig_object

    assert signature["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature["/Location"] == "Berlin"
    assert signature["/Name"] == "civac"
    assert embedded.md_algorithm == "sha256"
    signed_attributes = {
        attribute["type"].native for attribute in embedded.signer_info["signed_attrs"]
    }
    # PAdES baseline signatures bind the certificate through signing-certificate-v2.
    assert "signing_certificate_v2" in signed_attributes


def test_signed_pdf_keeps_content(signed_pdf, unsigned_pdf):
    assert signed_pdf.startswith(unsigned_pdf)
    text = PdfReader(io.BytesIO(signed_pdf)).pages[0].extract_text()
    assert CERTIFICATE_TEXT in text


def test_signed_pdf_can_be_sealed_again(signed_pdf):
    twice = signing.sign_pdf(
        signed_pdf, reason="Verlängerung", location="Hamburg", signer_name="civac"
    )

    check = signing.validate_pdf(twice)
    assert len(PdfFileReader(io.BytesIO(twice)).embedded_signatures) == 2
    assert check.valid is True
    assert check.reason == "Verlängerung"


def test_unsigned_pdf_is_not_signed(unsigned_pdf):
    check = signing.validate_pdf(unsigned_pdf)

    assert check.signed is False
    assert check.intact is False
    assert check.valid is False


def test_changed_byte_in_signed_range_breaks_integrity(signed_pdf):
    # The producer string of the original revision is inside the first signed byte range, and
    # changing a letter in it keeps the file a well-formed PDF.
    offset = signed_pdf.index(b"(WeasyPrint") + 1
    assert offset < _signed_range_end(signed_pdf)
    tampered = signed_pdf[:offset] + b"w" + signed_pdf[offset + 1:]

    check = signing.validate_pdf(tampered)
    assert check.signed is True
    assert check.intact is False
    assert check.valid is False


def test_content_added_after_signing_not_valid(signed_pdf):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    forged_text = generic.StreamObject(
        stream_data=b"BT /F1 12 Tf 72 72 Td (Anna Schneider, CEO) Tj ET"
    )
    writer.add_stream_to_page(0, writer.add_object(forged_text))
    output = io.BytesIO()
    writer.write(output)

    check = signing.validate_pdf(output.getvalue())
    assert check.signed is True
    assert check.intact is True
    assert check.valid is False


def test_no_flipped_byte_in_signed_range_validates(signed_pdf):
    """Every damaged copy returns a result instead of raising, and none counts as valid."""
    end = _signed_range_end(signed_pdf)
    for offset in range(0, end, 11):
        damaged = bytearray(signed_pdf)
        damaged[offset] ^= 0x01
        check = signing.validate_pdf(bytes(damaged))
        assert check.valid is False, f"flipped byte at offset {offset} still validates"


@pytest.mark.parametrize("kept_fraction", [0.0, 0.01, 0.3, 0.5, 0.9])
def test_truncated_pdf_is_not_signed(signed_pdf, kept_fraction):
    truncated = signed_pdf[: int(len(signed_pdf) * kept_fraction)]

    check = signing.validate_pdf(truncated)
    assert check.signed is False
    assert check.valid is False


def test_pdf_missing_last_byte_is_not_intact(signed_pdf):
    check = signing.validate_pdf(signed_pdf[:-1])

    assert check.signed is True
    assert check.intact is False
    assert check.valid is False


@pytest.mark.parametrize("data", [
    b"",
    b"%PDF-1.7\n",
    b"%PDF-1.7\n%%EOF\n",
    random.Random(20240101).randbytes(4096),
    b"%PDF-1.7\n" + random.Random(7).randbytes(4096) + b"\nstartxref\n12\n%%EOF\n",
], ids=["empty", "header-only", "header-and-eof", "random", "random-with-trailer"])
def test_malformed_input_is_not_signed(data):
    check = signing.validate_pdf(data)

    assert check.signed is False
    assert check.intact is False
    assert check.valid is False


def test_signature_after_certificate_expiry_not_valid(signed_pdf):
    eleven_years_later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=11 * 365)

    with time_machine.travel(eleven_years_later):
        check = signing.validate_pdf(signed_pdf)
    assert check.signed is True
    assert check.intact is True
    assert check.valid is False


def test_other_installation_key_not_valid(signed_pdf, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "other-installation"

    check = signing.validate_pdf(signed_pdf)
    assert check.signed is True
    assert check.intact is True
    assert check.valid is False


# Key and certificate configuration


def test_development_key_is_created_once(unsigned_pdf, settings):
    signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")
    directory = Path(settings.VAR_DIR) / "signing"
    key_path = directory / signing.DEVELOPMENT_KEY_NAME
    cert_path = directory / signing.DEVELOPMENT_CERT_NAME
    first_key = key_path.read_bytes()
    first_cert = cert_path.read_bytes()

    second = signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")

    assert key_path.read_bytes() == first_key
    assert cert_path.read_bytes() == first_cert
    assert signing.validate_pdf(second).valid is True
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600


def test_development_certificate_fields(settings):
    _key_path, cert_path = signing.signing_files()
    certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())

    common_names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    assert [name.value for name in common_names] == ["civac development signing key"]
    assert certificate.issuer == certificate.subject
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert datetime.timedelta(days=3650) <= lifetime <= datetime.timedelta(days=3654)


def _ensure_key_at(directory: str, start_at: float) -> bytes:
    """Wait until ``start_at`` (epoch seconds), create or reuse the pair, return the certificate."""
    time.sleep(max(0.0, start_at - time.time()))
    _key_path, cert_path = signing.ensure_development_key(Path(directory))
    return cert_path.read_bytes()


def _start_worker(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_concurrent_processes_create_one_key(tmp_path):
    directory = tmp_path / "signing"
    workers = 6
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        # Start every worker process before the race, since spawning one takes seconds.
        # Each sleeping task occupies one worker, so the pool must start all of them.
        worker_ids = set(pool.map(_start_worker, [1.0] * workers))
        assert len(worker_ids) == workers
        start_at = time.time() + 1
        directories = [str(directory)] * workers
        certificates = list(pool.map(_ensure_key_at, directories, [start_at] * workers))

    assert len(set(certificates)) == 1
    assert certificates[0] == (directory / signing.DEVELOPMENT_CERT_NAME).read_bytes()
    key = serialization.load_pem_private_key(
        (directory / signing.DEVELOPMENT_KEY_NAME).read_bytes(), password=None
    )
    certificate = x509.load_pem_x509_certificate(certificates[0])
    assert key.public_key() == certificate.public_key()
    leftovers = sorted(path.name for path in directory.iterdir())
    assert leftovers == [".lock", signing.DEVELOPMENT_CERT_NAME, signing.DEVELOPMENT_KEY_NAME]


def test_production_without_files_raises(unsigned_pdf, signed_pdf, settings):
    settings.PRODUCTION = True

    with pytest.raises(ImproperlyConfigured) as sign_error:
        signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")
    with pytest.raises(ImproperlyConfigured) as validate_error:
        signing.validate_pdf(signed_pdf)

    for error in (sign_error, validate_error):
        assert "CIVAC_SIGNING_KEY_FILE" in str(error.value)
        assert "CIVAC_SIGNING_CERT_FILE" in str(error.value)


def test_production_does_not_create_development_key(unsigned_pdf, settings):
    settings.PRODUCTION = True

    with pytest.raises(ImproperlyConfigured):
        signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")
    assert not (Path(settings.VAR_DIR) / "signing").exists()


def test_configured_files_sign_and_validate(unsigned_pdf, settings, tmp_path):
    key_path, cert_path = _write_key_pair(tmp_path / "keys", "Acme Maschinenbau GmbH Siegel")
    settings.PRODUCTION = True
    settings.CIVAC_SIGNING_KEY_FILE = str(key_path)
    settings.CIVAC_SIGNING_CERT_FILE = str(cert_path)

    signed = signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")

    check = signing.validate_pdf(signed)
    assert check.valid is True
    assert check.signer == "Acme Maschinenbau GmbH Siegel"
    assert not (Path(settings.VAR_DIR) / "signing").exists()


@pytest.mark.parametrize(("configured", "missing"), [
    ("CIVAC_SIGNING_KEY_FILE", "CIVAC_SIGNING_CERT_FILE"),
    ("CIVAC_SIGNING_CERT_FILE", "CIVAC_SIGNING_KEY_FILE"),
])
def test_only_one_file_configured_raises(unsigned_pdf, settings, tmp_path, configured, missing):
    setattr(settings, configured, str(tmp_path / "file.pem"))

    with pytest.raises(ImproperlyConfigured, match=f"Environment variable {missing} is missing"):
        signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")


def test_missing_key_file_raises(unsigned_pdf, settings, tmp_path):
    _key_path, cert_path = _write_key_pair(tmp_path / "keys", "Acme")
    settings.CIVAC_SIGNING_KEY_FILE = str(tmp_path / "keys" / "absent.pem")
    settings.CIVAC_SIGNING_CERT_FILE = str(cert_path)

    with pytest.raises(ImproperlyConfigured, match="absent.pem: No such file or directory"):
        signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")


def test_key_of_other_certificate_raises(unsigned_pdf, settings, tmp_path):
    key_path, _cert_path = _write_key_pair(tmp_path / "first", "First")
    _other_key_path, other_cert_path = _write_key_pair(tmp_path / "second", "Second")
    settings.CIVAC_SIGNING_KEY_FILE = str(key_path)
    settings.CIVAC_SIGNING_CERT_FILE = str(other_cert_path)

    with pytest.raises(ImproperlyConfigured, match="does not match the certificate"):
        signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")


@pytest.mark.parametrize("valid_days", [(-30, -1), (1, 30)], ids=["expired", "not-yet-valid"])
def test_certificate_outside_validity_raises(unsigned_pdf, settings, tmp_path, valid_days):
    key_path, cert_path = _write_key_pair(tmp_path / "keys", "Acme", valid_days=valid_days)
    settings.CIVAC_SIGNING_KEY_FILE = str(key_path)
    settings.CIVAC_SIGNING_CERT_FILE = str(cert_path)

    with pytest.raises(ImproperlyConfigured, match="is valid only from"):
        signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")


def test_certificate_file_without_certificate_raises(unsigned_pdf, settings, tmp_path):
    key_path, _cert_path = _write_key_pair(tmp_path / "keys", "Acme")
    settings.CIVAC_SIGNING_KEY_FILE = str(key_path)
    # A key where the certificate belongs, a common mix-up.
    settings.CIVAC_SIGNING_CERT_FILE = str(key_path)

    with pytest.raises(ImproperlyConfigured, match="is not a PEM certificate"):
        signing.sign_pdf(unsigned_pdf, reason="r", location="l", signer_name="n")


def test_settings_read_signing_files_from_environment(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "CIVAC_MODE"}
    environment.update(
        DJANGO_SETTINGS_MODULE="civac.settings",
        CIVAC_VAR_DIR=str(tmp_path),
        CIVAC_SIGNING_KEY_FILE="/etc/civac/signing-key.pem",
        CIVAC_SIGNING_CERT_FILE="/etc/civac/signing-cert.pem",
    )
    script = (
        "from django.conf import settings; "
        "print(settings.CIVAC_SIGNING_KEY_FILE); print(settings.CIVAC_SIGNING_CERT_FILE)"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/etc/civac/signing-key.pem", "/etc/civac/signing-cert.pem"]
