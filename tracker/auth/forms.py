"""Forms for accounts and the profile."""

from __future__ import annotations

from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from tracker.auth.passwords import password_problem
from tracker.dbtypes import max_length
from tracker.domain.cautions import (
    DEFAULT_BISPHOSPHONATE_GAP,
    MAX_BISPHOSPHONATE_GAP,
    MIN_BISPHOSPHONATE_GAP,
    describe_duration,
)
from tracker.domain.reference import ReproductiveStatus, Sex
from tracker.formtools import choices, plain_text, strip, tidy
from tracker.localtime import TIMEZONE_CHOICES
from tracker.models import User

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


MONTH_VALUES = {str(number) for number in range(1, 13)}


GAP_STEP_MINUTES = 30


def _gap_minutes(gap) -> int:
    return int(gap.total_seconds() // 60)


def bisphosphonate_gap_choices() -> list[tuple[str, str]]:
    """Gaps from the general 2 hours up to 24 hours, in half-hour steps."""
    low, high = _gap_minutes(MIN_BISPHOSPHONATE_GAP), _gap_minutes(MAX_BISPHOSPHONATE_GAP)
    default = _gap_minutes(DEFAULT_BISPHOSPHONATE_GAP)
    return [
        (
            str(minutes),
            describe_duration(timedelta(minutes=minutes))
            + (" (the general guidance)" if minutes == default else ""),
        )
        for minutes in range(low, high + 1, GAP_STEP_MINUTES)
    ]


EMAIL_LENGTH = max_length(User.email)


def _email_field(label: str = "Email") -> EmailField:
    return EmailField(
        label,
        filters=[strip],
        validators=[
            DataRequired("Enter your email address."),
            Email("Enter an email address such as name@example.org."),
            Length(max=EMAIL_LENGTH, message=f"Use at most {EMAIL_LENGTH} characters."),
        ],
    )


def _current_password_field(label: str = "Current password") -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired("Enter your password."), Length(max=MAX_PASSWORD_LENGTH)],
    )


class PasswordPolicy:
    """The password policy, for every form that sets a password (NIST SP 800-63B).

    Long enough and not too long (each with its own message), not a common password, not the
    account's email: the form's `account_email()` says which email that is.
    """

    def __call__(self, form: NewPasswordForm, field: PasswordField) -> None:
        password = field.data or ""
        if len(password) < MIN_PASSWORD_LENGTH:
            raise StopValidation(f"Use at least {MIN_PASSWORD_LENGTH} characters.")
        if len(password) > MAX_PASSWORD_LENGTH:
            raise StopValidation(f"Use at most {MAX_PASSWORD_LENGTH} characters.")
        problem = password_problem(password, form.account_email())
        if problem is not None:
            raise ValidationError(problem)


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(label, validators=[DataRequired("Choose a password."), PasswordPolicy()])


def _confirm_field(label: str, of: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired("Type the password again."),
            EqualTo(of, "The two passwords do not match."),
        ],
    )


class NewPasswordForm(FlaskForm):
    """A form that sets a password for a known email (given to the constructor)."""

    def __init__(self, *args, email: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._account_email = email

    def account_email(self) -> str:
        return self._account_email


class RegisterForm(NewPasswordForm):
    email = _email_field()
    password = _new_password_field("Password")
    confirm_password = _confirm_field("Confirm password", "password")
    submit = SubmitField("Create account")

    def account_email(self) -> str:
        return self.email.data or ""


class RegisterEmailForm(FlaskForm):
    """Registration where mail reaches people: the email first, the password after its link."""

    email = _email_field()
    submit = SubmitField("Create account")


class FinishRegistrationForm(NewPasswordForm):
    password = _new_password_field("Password")
    confirm_password = _confirm_field("Confirm password", "password")
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        filters=[strip],
        validators=[DataRequired("Enter your email address."), Length(max=EMAIL_LENGTH)],
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password."), Length(max=MAX_PASSWORD_LENGTH)],
    )
    remember = BooleanField("Keep me logged in on this device")
    submit = SubmitField("Log in")


CODE_HINT = "The 6 digits your authenticator app shows now, or one of your recovery codes."


def _code_field(label: str = "Authentication code") -> StringField:
    return StringField(
        label,
        filters=[strip],
        validators=[
            DataRequired("Enter the code from your authenticator app."),
            Length(max=40, message="That is not a code from your app or a recovery code."),
            plain_text,
        ],
    )


class TwoStepLoginForm(FlaskForm):
    code = _code_field()
    submit = SubmitField("Verify")


class ForgotPasswordForm(FlaskForm):
    email = _email_field()
    submit = SubmitField("Send reset link")


class ResetPasswordForm(NewPasswordForm):
    new_password = _new_password_field("New password")
    confirm_new_password = _confirm_field("Confirm new password", "new_password")
    # Asked for (and required by the view) only when the account has two-step login on.
    code = StringField(
        "Authentication code", filters=[strip], validators=[Optional(), Length(max=40), plain_text]
    )
    submit = SubmitField("Set new password")


class ChangePasswordForm(NewPasswordForm):
    current_password = _current_password_field()
    new_password = _new_password_field("New password")
    confirm_new_password = _confirm_field("Confirm new password", "new_password")
    submit = SubmitField("Change password")


class ChangeEmailForm(FlaskForm):
    new_email = _email_field("New email")
    current_password = _current_password_field()
    submit = SubmitField("Send confirmation link")


class ConfirmEmailForm(FlaskForm):
    submit = SubmitField("Confirm new email")


class TwoStepSetupForm(FlaskForm):
    code = _code_field()
    submit = SubmitField("Turn on two-step login")


class TwoStepOffForm(FlaskForm):
    current_password = _current_password_field()
    code = _code_field()
    submit = SubmitField("Turn off two-step login")


class RecoveryCodesForm(FlaskForm):
    current_password = _current_password_field()
    submit = SubmitField("Make new recovery codes")


class ConfirmPasswordForm(FlaskForm):
    """The password asked again before sharing or downloading everything (auth/recent.py)."""

    reauth_password = _current_password_field("Password")
    reauth_submit = SubmitField("Confirm")


class DeleteAccountForm(FlaskForm):
    password = _current_password_field("Your password")
    confirm = BooleanField(
        "I understand that my account and everything in it will be deleted for good",
        validators=[DataRequired("Tick the box to confirm.")],
    )
    submit = SubmitField("Delete my account")


class ProfileForm(FlaskForm):
    display_name = StringField(
        "Name for reports (optional)",
        filters=[tidy],
        validators=[Optional(), Length(max=max_length(User.display_name)), plain_text],
    )
    birth_year = IntegerField(
        "Year of birth",
        validators=[Optional(), NumberRange(min=1900, message="Enter a year from 1900 on.")],
    )
    birth_month = SelectField(
        "Month of birth",
        choices=choices(
            [("", "Not set"), *((str(i), name) for i, name in enumerate(MONTHS, start=1))]
        ),
        validators=[Optional()],
    )
    sex = SelectField(
        "Sex",
        choices=choices([("", "Not set"), (Sex.FEMALE.value, "Female"), (Sex.MALE.value, "Male")]),
        validators=[Optional()],
    )
    reproductive_status = SelectField(
        "Pregnant or breastfeeding",
        choices=choices(
            [
                (ReproductiveStatus.NONE.value, "Neither"),
                (ReproductiveStatus.PREGNANT.value, "Pregnant"),
                (ReproductiveStatus.BREASTFEEDING.value, "Breastfeeding"),
            ]
        ),
        validators=[InputRequired()],
    )
    timezone = SelectField(
        "Time zone", choices=choices(TIMEZONE_CHOICES), validators=[InputRequired()]
    )
    kidney_condition = BooleanField("I have kidney disease or reduced kidney function")
    show_bone_companions = BooleanField(
        "Show calcium and vitamin D (“Bone companions”) on the day page", default=True
    )
    # Optional: a form without the field keeps the saved gap (the user's value, via obj=).
    bisphosphonate_gap_minutes = SelectField(
        "Gap between a bisphosphonate and magnesium",
        choices=choices(bisphosphonate_gap_choices()),
        coerce=int,
        validators=[Optional()],
    )
    # Optional: a form without the field (an older page) keeps the saved value.
    week_starts_on = SelectField(
        "Weeks start on",
        choices=choices([("monday", "Monday"), ("sunday", "Sunday")]),
        validators=[Optional()],
    )
    submit = SubmitField("Save profile")

    def validate_birth_year(self, field: IntegerField) -> None:
        if field.data is not None and field.data > date.today().year:
            raise ValidationError("The year of birth cannot be in the future.")
        # The month field is Optional(), so its own validators skip an empty value.
        if field.data is not None and not self.birth_month.data:
            raise ValidationError("Choose the month of birth too.")

    def validate_birth_month(self, field: SelectField) -> None:
        if field.data and field.data not in MONTH_VALUES:
            return  # not one of the choices: the select's own check has said so
        if (field.data or None) and self.birth_year.data is None:
            raise ValidationError("Enter the year of birth too.")
        if (
            field.data
            and self.birth_year.data is not None
            and (self.birth_year.data, int(field.data)) > (date.today().year, date.today().month)
        ):
            raise ValidationError("The month of birth cannot be in the future.")

    def validate_reproductive_status(self, field: SelectField) -> None:
        if field.data != ReproductiveStatus.NONE.value and self.sex.data == Sex.MALE.value:
            raise ValidationError("Pregnancy and breastfeeding apply only with sex set to female.")
