"""Changes signed PDFs the way a fraudster would, with pyHanko (a tool nobody
here wrote), so the tests can check that `forumdesk verify` notices.

    python3 pdf_tamper.py edit IN OUT
        Appends an incremental update (pyHanko's IncrementalPdfFileWriter) that
        draws new bank details and a new total on the first page. The signed
        bytes are left exactly as they were.

    python3 pdf_tamper.py sign IN OUT NAME [ec|rsa]
        Makes a new key and a self-signed certificate whose common name is NAME
        (for example the forum's own name), and adds a second signature with it
        as an incremental update. Writes the certificate to OUT.cert.pem and
        prints its SHA-256 fingerprint as AB:CD:...
"""

import datetime
import hashlib
import os
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers


def edit(src, dst):
    with open(src, "rb") as inf:
        w = IncrementalPdfFileWriter(inf)
        # A white box over the top of the page, then the fraudster's details.
        content = (
            b"q 1 1 1 rg 40 700 515 120 re f Q "
            b"BT /FDTamper 14 Tf 50 780 Td (Pay to sort code 99-88-77, account 12345678) Tj "
            b"0 -20 Td (Total claimed: 9,876.54) Tj ET"
        )
        stream = w.add_object(generic.StreamObject(stream_data=content))
        font = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Font"),
                generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
            }
        )
        resources = generic.DictionaryObject(
            {
                generic.NameObject("/Font"): generic.DictionaryObject(
                    {generic.NameObject("/FDTamper"): font}
                )
            }
        )
        w.add_stream_to_page(0, stream, resources=resources)
        with open(dst, "wb") as outf:
            w.write(outf)


def self_signed(name, kind):
    if kind == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


def sign(src, dst, name, kind):
    key, cert = self_signed(name, kind)
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    with open(dst + ".cert.pem", "wb") as f:
        f.write(cert_pem)
    with tempfile.TemporaryDirectory() as tmp:
        key_path = os.path.join(tmp, "key.pem")
        cert_path = os.path.join(tmp, "cert.pem")
        with open(key_path, "wb") as f:
            f.write(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
        with open(cert_path, "wb") as f:
            f.write(cert_pem)
        signer = signers.SimpleSigner.load(key_path, cert_path)
        with open(src, "rb") as inf:
            w = IncrementalPdfFileWriter(inf)
            meta = signers.PdfSignatureMetadata(
                field_name="Countersignature", name=name, reason="Approved"
            )
            with open(dst, "wb") as outf:
                signers.sign_pdf(w, meta, signer=signer, output=outf)
    der = cert.public_bytes(serialization.Encoding.DER)
    digest = hashlib.sha256(der).hexdigest().upper()
    print(":".join(digest[i : i + 2] for i in range(0, len(digest), 2)))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "edit":
        edit(sys.argv[2], sys.argv[3])
    elif cmd == "sign":
        sign(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else "ec")
    else:
        sys.exit(f"unknown command {cmd}")
