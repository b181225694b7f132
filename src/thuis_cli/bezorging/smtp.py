"""Sending through SMTP with the standard library: a verified TLS connection (STARTTLS or implicit
TLS; plain text only to this machine), optional login, retries with backoff for temporary failures.

Error texts never contain the password: they are built from the server's reply code and text only.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from .bericht import Outgoing, megabytes
from .ontvangers import Credentials, Smtp


class DeliveryFailed(Exception):
    """This message could not be delivered (permanent refusal, or temporary failures kept on)."""


class ServerUnusable(DeliveryFailed):
    """No message can go out through this server (certificate, login, unreachable): stop the run."""


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(text.split())}".strip()


class Mailer:
    """One connection, opened on first use and reopened after a dropped connection."""

    def __init__(self, settings: Smtp, credentials: Credentials | None, sleep=time.sleep):
        self.settings = settings
        self.credentials = credentials
        self.sleep = sleep
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None

    def _context(self) -> ssl.SSLContext:
        cafile = str(self.settings.ca_bestand) if self.settings.ca_bestand else None
        try:
            return ssl.create_default_context(cafile=cafile)
        except (OSError, ssl.SSLError) as exc:
            raise ServerUnusable(f"kan het CA-bestand {cafile} niet lezen ({exc})") from None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        timeout = s.time_out
        connection: smtplib.SMTP
        if s.modus == "tls":
            connection = smtplib.SMTP_SSL(s.host, s.port, timeout=timeout, context=self._context())
        else:
            connection = smtplib.SMTP(s.host, s.port, timeout=timeout)
        try:
            connection.ehlo()
            if s.modus == "starttls":
                if not connection.has_extn("starttls"):
                    raise ServerUnusable(f"de SMTP-server {s.host} biedt geen STARTTLS aan; thuis verstuurt "
                                         "niets onversleuteld (kies modus tls als de server dat kent)")
                connection.starttls(context=self._context())
                connection.ehlo()
            if self.credentials is not None:
                try:
                    connection.login(self.credentials.user, self.credentials.password)
                except smtplib.SMTPAuthenticationError as exc:
                    raise ServerUnusable(f"aanmelden bij {s.host} als '{self.credentials.user}' mislukte "
                                         f"({_reply(exc.smtp_code, exc.smtp_error)})") from None
                except smtplib.SMTPNotSupportedError:
                    raise ServerUnusable(f"de SMTP-server {s.host} biedt geen aanmelding (AUTH) aan") from None
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, message: Outgoing) -> None:
        """Deliver one message to one recipient, or raise DeliveryFailed with a Dutch reason."""
        s = self.settings
        reason = ""
        options = ["SMTPUTF8", "BODY=8BITMIME"] if message.smtputf8 else []
        for attempt in range(s.pogingen):
            if attempt:
                self.sleep(s.wachttijd * 2 ** (attempt - 1))
            try:
                if self.connection is None:
                    self.connection = self._connect()
                self._check(message)
                self.connection.sendmail(message.sender, [message.recipient], message.raw, mail_options=options)
                return
            except ssl.SSLCertVerificationError as exc:
                self.connection = None
                raise ServerUnusable(
                    f"het certificaat van de SMTP-server {s.host} kon niet geverifieerd worden "
                    f"({exc.verify_message}); gebruikt de server een eigen CA, noem dan het CA-bestand in "
                    "smtp.ca_bestand") from None
            except ssl.SSLError as exc:
                self._drop()
                raise ServerUnusable(f"de beveiligde verbinding met {s.host} mislukte ({exc.reason})") from None
            except smtplib.SMTPNotSupportedError as exc:  # an SMTPException is an OSError: before that branch
                raise DeliveryFailed(f"de SMTP-server {s.host} kan dit bericht niet aannemen ({exc})") from None
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                reason = f"de server weigerde de ontvanger ({_reply(code, text)})"
                if not 400 <= code < 500:
                    raise DeliveryFailed(reason) from None
            except smtplib.SMTPSenderRefused as exc:
                reason = f"de server weigerde de afzender ({_reply(exc.smtp_code, exc.smtp_error)})"
                if not 400 <= exc.smtp_code < 500:
                    raise DeliveryFailed(reason) from None
            except smtplib.SMTPResponseException as exc:
                reason = f"de server weigerde het bericht ({_reply(exc.smtp_code, exc.smtp_error)})"
                self._drop()
                if not 400 <= exc.smtp_code < 500:
                    raise DeliveryFailed(reason) from None
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                self._drop()
                detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
                reason = f"geen verbinding met {s.host}:{s.port} ({detail})"
        if reason.startswith("geen verbinding"):
            raise ServerUnusable(f"{reason}, ook na {s.pogingen} pogingen")
        raise DeliveryFailed(f"tijdelijke fout, ook na {s.pogingen} pogingen: {reason}")

    def _check(self, message: Outgoing) -> None:
        """What the server said in its EHLO rules this one message out: not retried, the run goes on."""
        s, connection = self.settings, self.connection
        assert connection is not None, "send connects before it checks"
        if message.smtputf8 and not connection.has_extn("smtputf8"):
            address = next(a for a in (message.recipient, message.sender) if not a.isascii())
            raise DeliveryFailed(f"het adres {address} heeft letters buiten ASCII vóór de @; daarvoor moet de "
                                 f"SMTP-server SMTPUTF8 kennen, en {s.host} kent dat niet. Vraag een adres zonder "
                                 "zulke letters, of verstuur via een server die SMTPUTF8 kent")
        most = connection.esmtp_features.get("size", "")
        if most.isdigit() and int(most) and len(message.raw) > int(most):
            raise DeliveryFailed(f"het bericht is {megabytes(len(message.raw))} MB groot, meer dan de "
                                 f"{megabytes(int(most))} MB die de SMTP-server {s.host} aanneemt (SIZE); zet "
                                 "max_bijlage_mb lager, dan meldt thuis te grote berichten zelf")

    def _drop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None
