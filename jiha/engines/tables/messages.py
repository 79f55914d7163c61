"""Message catalogue of the table validator, in French (default), Arabic and English.

The engine cannot use Django's gettext, so the three languages live here, keyed by the stable
error code. Templates use ``str.format`` placeholders; the user's cell value is only ever passed
as an argument, never used as a template.

Example:
    >>> render("required", "en", row=4, column="region", value="")
    'Row 4, column "region": a value is required here.'
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["DEFAULT_LANGUAGE", "EXPECTED", "LANGUAGES", "MESSAGES", "language_of", "render"]

DEFAULT_LANGUAGE = "fr"
LANGUAGES = ("fr", "ar", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "type-error": "Ligne {row}, colonne « {column} » : « {value} » n'est pas {expected}.",
        "integer-overflow": (
            "Ligne {row}, colonne « {column} » : « {value} » dépasse la capacité d'un nombre "
            "entier (de -9 223 372 036 854 775 808 à 9 223 372 036 854 775 807)."
        ),
        "non-finite": (
            "Ligne {row}, colonne « {column} » : « {value} » n'est pas un nombre fini "
            "(NaN et l'infini ne sont pas acceptés)."
        ),
        "required": "Ligne {row}, colonne « {column} » : une valeur est obligatoire ici.",
        "minimum": (
            "Ligne {row}, colonne « {column} » : « {value} » est inférieur au minimum "
            "autorisé ({minimum})."
        ),
        "maximum": (
            "Ligne {row}, colonne « {column} » : « {value} » dépasse le maximum autorisé "
            "({maximum})."
        ),
        "min-length": (
            "Ligne {row}, colonne « {column} » : « {value} » est trop court "
            "(au moins {min_length} caractères)."
        ),
        "max-length": (
            "Ligne {row}, colonne « {column} » : « {value} » est trop long "
            "(au plus {max_length} caractères)."
        ),
        "enum": (
            "Ligne {row}, colonne « {column} » : « {value} » ne fait pas partie des valeurs "
            "autorisées ({enum})."
        ),
        "pattern": (
            "Ligne {row}, colonne « {column} » : « {value} » ne respecte pas le format attendu "
            "(motif {pattern})."
        ),
        "unique": (
            "Ligne {row}, colonne « {column} » : la valeur « {value} » apparaît sur plusieurs "
            "lignes alors qu'elle doit être unique."
        ),
        "primary-key": (
            "Ligne {row} : la clé primaire ({column}) = « {value} » apparaît sur plusieurs lignes."
        ),
        "foreign-key": (
            "Ligne {row}, colonne « {column} » : « {value} » n'existe pas dans la référence "
            "« {resource} »."
        ),
        "missing-column": (
            "La colonne obligatoire « {column} » est absente de la ligne d'en-tête."
        ),
        "extra-column": (
            "La colonne « {column} » n'est pas prévue par le schéma : supprimez-la ou renommez-la."
        ),
        "duplicate-header": "La colonne « {column} » apparaît plusieurs fois dans l'en-tête.",
        "encoding": (
            "Ligne {row} : le fichier contient un octet illisible (0x{byte}, position "
            "{offset}) ; ce n'est ni de l'UTF-8 ni du Windows-1252 valide. Enregistrez-le "
            "au format « CSV UTF-8 »."
        ),
        "row-length": (
            "Ligne {row} : {found} champ(s) au lieu de {expected}. Vérifiez le séparateur "
            "(virgule, point-virgule, tabulation) et les guillemets."
        ),
        "empty-file": "Le fichier est vide : il n'a même pas de ligne d'en-tête.",
        "too-large": "Le fichier dépasse la taille maximale autorisée ({limit_mb} Mo).",
        "too-many-columns": (
            "L'en-tête compte {found} colonnes : c'est plus que la limite de {limit}. "
            "Vérifiez que le fichier est bien un tableau."
        ),
        "unsupported-format": (
            "Le fichier « {filename} » n'est pas pris en charge : envoyez un fichier CSV, XLSX "
            "ou ODS."
        ),
        "not-xlsx": "Le fichier « {filename} » n'est pas un classeur Excel (.xlsx) valide.",
        "not-ods": ("Le fichier « {filename} » n'est pas un classeur OpenDocument (.ods) valide."),
        "too-many-cells": (
            "La feuille « {sheet} » s'étendrait sur {found} cellules (limite {limit}) : "
            "supprimez les lignes ou colonnes répétées inutiles, ou enregistrez-la en CSV."
        ),
        "missing-sheet": (
            "La feuille « {sheet} » n'existe pas dans le classeur (feuilles : {sheets})."
        ),
        "formula": (
            "Cellule {cell} : les formules ne sont pas acceptées. Remplacez-les par leurs "
            "valeurs (copier, puis collage spécial « valeurs »)."
        ),
        "zip-bomb": (
            "Le classeur est refusé : décompressé, il ferait {size_mb} Mo (limite "
            "{limit_mb} Mo) ou son taux de compression ({ratio}:1) dépasse {max_ratio}:1."
        ),
        "exclusive-minimum": (
            "Ligne {row}, colonne « {column} » : « {value} » doit être strictement supérieur "
            "à {minimum}."
        ),
        "exclusive-maximum": (
            "Ligne {row}, colonne « {column} » : « {value} » doit être strictement inférieur "
            "à {maximum}."
        ),
        "decimal-places": (
            "Ligne {row}, colonne « {column} » : « {value} » a plus de {places} décimales. "
            "Rien n'est arrondi à votre place : arrondissez la valeur dans le fichier."
        ),
        "significant-digits": (
            "Ligne {row}, colonne « {column} » : « {value} » a plus de {digits} chiffres "
            "significatifs, que la base de données ne peut pas conserver exactement."
        ),
        "number-overflow": (
            "Ligne {row}, colonne « {column} » : « {value} » est un nombre trop grand pour "
            "être conservé."
        ),
        "macro-enabled": (
            "Le classeur contient des macros (par exemple un fichier .xlsm renommé) : il est "
            "refusé. Enregistrez-le sans macros, au format « Classeur Excel (.xlsx) » ou "
            "« Classeur OpenDocument (.ods) »."
        ),
        "external-link": (
            "Le classeur est lié à d'autres fichiers (liaisons externes) : ses valeurs peuvent "
            "ne pas être à jour. Rompez les liaisons (Données > Modifier les liens > Rompre la "
            "liaison), puis envoyez-le de nouveau."
        ),
        "no-visible-sheet": (
            "Toutes les feuilles du classeur sont masquées : indiquez le nom de la feuille à lire."
        ),
        "truncated": "… et {count} autre(s) erreur(s) non affichée(s).",
    },
    "ar": {
        "type-error": "السطر {row}، العمود «{column}»: القيمة «{value}» ليست {expected}.",
        "integer-overflow": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» تتجاوز سعة العدد الصحيح "
            "(من ‎-9223372036854775808 إلى 9223372036854775807)."
        ),
        "non-finite": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» ليست عددًا منتهيًا "
            "(القيمتان NaN واللانهاية غير مقبولتين)."
        ),
        "required": "السطر {row}، العمود «{column}»: هذه القيمة إلزامية.",
        "minimum": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» أقل من الحد الأدنى المسموح به "
            "({minimum})."
        ),
        "maximum": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» أكبر من الحد الأقصى المسموح به "
            "({maximum})."
        ),
        "min-length": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» قصيرة جدًا، ويجب ألا يقل عدد "
            "أحرفها عن {min_length}."
        ),
        "max-length": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» طويلة جدًا، ويجب ألا يزيد عدد "
            "أحرفها عن {max_length}."
        ),
        "enum": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» ليست من القيم المسموح بها ({enum})."
        ),
        "pattern": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» لا تطابق الصيغة المطلوبة "
            "(النمط {pattern})."
        ),
        "unique": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» مكررة في عدة أسطر بينما يجب أن "
            "تكون فريدة."
        ),
        "primary-key": "السطر {row}: المفتاح الأساسي ({column}) = «{value}» مكرر في عدة أسطر.",
        "foreign-key": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» غير موجودة في المرجع «{resource}»."
        ),
        "missing-column": "العمود الإلزامي «{column}» غير موجود في سطر العناوين.",
        "extra-column": "العمود «{column}» غير منصوص عليه في المخطط: احذفه أو غيّر اسمه.",
        "duplicate-header": "العمود «{column}» مذكور أكثر من مرة في سطر العناوين.",
        "encoding": (
            "السطر {row}: يحتوي الملف على بايت غير مقروء (0x{byte} في الموضع {offset})، فهو "
            "ليس بترميز UTF-8 ولا Windows-1252. احفظه بصيغة «CSV UTF-8»."
        ),
        "row-length": (
            "السطر {row}: عدد الحقول {found} بدلًا من {expected}. تحقق من الفاصل (فاصلة، فاصلة "
            "منقوطة، مسافة جدولة) ومن علامات الاقتباس."
        ),
        "empty-file": "الملف فارغ: لا يحتوي حتى على سطر العناوين.",
        "too-large": "حجم الملف يتجاوز الحد الأقصى المسموح به ({limit_mb} ميغابايت).",
        "too-many-columns": (
            "يحتوي سطر العناوين على {found} عمودًا، وهو أكثر من الحد المسموح به ({limit}). "
            "تحقق من أن الملف جدول فعلًا."
        ),
        "unsupported-format": "الملف «{filename}» غير مدعوم: أرسل ملفًا بصيغة CSV أو XLSX أو ODS.",
        "not-xlsx": "الملف «{filename}» ليس مصنف Excel ‏(xlsx.) صالحًا.",
        "not-ods": "الملف «{filename}» ليس مصنف OpenDocument ‏(ods.) صالحًا.",
        "too-many-cells": (
            "الورقة «{sheet}» ستمتد على {found} خلية (الحد {limit}): احذف الصفوف أو الأعمدة "
            "المكررة غير الضرورية، أو احفظها بصيغة CSV."
        ),
        "missing-sheet": "الورقة «{sheet}» غير موجودة في المصنف (الأوراق المتاحة: {sheets}).",
        "formula": ("الخلية {cell}: الصيغ غير مقبولة. استبدلها بقيمها (نسخ ثم لصق خاص «القيم»)."),
        "zip-bomb": (
            "تم رفض المصنف: حجمه بعد فك الضغط {size_mb} ميغابايت (الحد {limit_mb} ميغابايت) "
            "أو نسبة ضغطه ({ratio}:1) تتجاوز {max_ratio}:1."
        ),
        "exclusive-minimum": (
            "السطر {row}، العمود «{column}»: يجب أن تكون القيمة «{value}» أكبر تمامًا من {minimum}."
        ),
        "exclusive-maximum": (
            "السطر {row}، العمود «{column}»: يجب أن تكون القيمة «{value}» أصغر تمامًا من {maximum}."
        ),
        "decimal-places": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» تتضمن أكثر من {places} أرقام "
            "عشرية. لا يُقرَّب أي شيء تلقائيًا: قرّب القيمة في الملف."
        ),
        "significant-digits": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» تتضمن أكثر من {digits} رقمًا "
            "معنويًا، ولا تستطيع قاعدة البيانات حفظها بدقة."
        ),
        "number-overflow": (
            "السطر {row}، العمود «{column}»: القيمة «{value}» عدد أكبر من أن يُحفَظ."
        ),
        "macro-enabled": (
            "المصنف يحتوي على وحدات ماكرو (مثل ملف ‎.xlsm‎ أعيدت تسميته)، لذا تم رفضه. احفظه "
            "بدون وحدات ماكرو بصيغة «مصنف Excel ‏(xlsx.)» أو «مصنف OpenDocument ‏(ods.)»."
        ),
        "external-link": (
            "المصنف مرتبط بملفات أخرى (ارتباطات خارجية)، وقد لا تكون قيمه محدّثة. اقطع "
            "الارتباطات (بيانات > تحرير الارتباطات > قطع الارتباط) ثم أرسله من جديد."
        ),
        "no-visible-sheet": "جميع أوراق المصنف مخفية: حدّد اسم الورقة المراد قراءتها.",
        "truncated": "… و{count} خطأ آخر غير معروض.",
    },
    "en": {
        "type-error": 'Row {row}, column "{column}": "{value}" is not {expected}.',
        "integer-overflow": (
            'Row {row}, column "{column}": "{value}" is too large for an integer '
            "(-9,223,372,036,854,775,808 to 9,223,372,036,854,775,807)."
        ),
        "non-finite": (
            'Row {row}, column "{column}": "{value}" is not a finite number '
            "(NaN and infinity are not accepted)."
        ),
        "required": 'Row {row}, column "{column}": a value is required here.',
        "minimum": (
            'Row {row}, column "{column}": "{value}" is below the allowed minimum ({minimum}).'
        ),
        "maximum": (
            'Row {row}, column "{column}": "{value}" is above the allowed maximum ({maximum}).'
        ),
        "min-length": (
            'Row {row}, column "{column}": "{value}" is too short '
            "(at least {min_length} characters)."
        ),
        "max-length": (
            'Row {row}, column "{column}": "{value}" is too long (at most {max_length} characters).'
        ),
        "enum": (
            'Row {row}, column "{column}": "{value}" is not one of the allowed values ({enum}).'
        ),
        "pattern": (
            'Row {row}, column "{column}": "{value}" does not have the expected form '
            "(pattern {pattern})."
        ),
        "unique": (
            'Row {row}, column "{column}": the value "{value}" appears on several rows but '
            "must be unique."
        ),
        "primary-key": 'Row {row}: the primary key ({column}) = "{value}" appears on several rows.',
        "foreign-key": (
            'Row {row}, column "{column}": "{value}" does not exist in the reference "{resource}".'
        ),
        "missing-column": 'The required column "{column}" is missing from the header row.',
        "extra-column": ('The column "{column}" is not in the schema: remove it or rename it.'),
        "duplicate-header": 'The column "{column}" appears more than once in the header row.',
        "encoding": (
            "Row {row}: the file holds an unreadable byte (0x{byte} at position {offset}); it is "
            'neither valid UTF-8 nor Windows-1252. Save it as "CSV UTF-8".'
        ),
        "row-length": (
            "Row {row}: {found} field(s) instead of {expected}. Check the separator (comma, "
            "semicolon, tab) and the quotes."
        ),
        "empty-file": "The file is empty: it does not even have a header row.",
        "too-large": "The file is larger than the allowed maximum ({limit_mb} MB).",
        "too-many-columns": (
            "The header row has {found} columns, more than the limit of {limit}. "
            "Check that the file is a table."
        ),
        "unsupported-format": (
            'The file "{filename}" is not supported: send a CSV, XLSX or ODS file.'
        ),
        "not-xlsx": 'The file "{filename}" is not a valid Excel workbook (.xlsx).',
        "not-ods": 'The file "{filename}" is not a valid OpenDocument spreadsheet (.ods).',
        "too-many-cells": (
            'The sheet "{sheet}" would spread over {found} cells (limit {limit}): remove the '
            "needless repeated rows or columns, or save it as CSV."
        ),
        "missing-sheet": ('The sheet "{sheet}" does not exist in the workbook (sheets: {sheets}).'),
        "formula": (
            "Cell {cell}: formulas are not accepted. Replace them with their values "
            '(copy, then paste special "values").'
        ),
        "zip-bomb": (
            "The workbook is refused: uncompressed it would take {size_mb} MB (limit "
            "{limit_mb} MB) or its compression ratio ({ratio}:1) exceeds {max_ratio}:1."
        ),
        "exclusive-minimum": (
            'Row {row}, column "{column}": "{value}" must be greater than {minimum}.'
        ),
        "exclusive-maximum": (
            'Row {row}, column "{column}": "{value}" must be less than {maximum}.'
        ),
        "decimal-places": (
            'Row {row}, column "{column}": "{value}" has more than {places} decimal places. '
            "Nothing is rounded for you: round the value in the file."
        ),
        "significant-digits": (
            'Row {row}, column "{column}": "{value}" has more than {digits} significant '
            "digits, more than the database can keep exactly."
        ),
        "number-overflow": (
            'Row {row}, column "{column}": "{value}" is too large a number to be stored.'
        ),
        "macro-enabled": (
            "The workbook contains macros (an .xlsm file renamed, for instance): it is "
            'refused. Save it without macros, as "Excel Workbook (.xlsx)" or "OpenDocument '
            'Spreadsheet (.ods)".'
        ),
        "external-link": (
            "The workbook is linked to other files (external links): its values may be out of "
            "date. Break the links (Data > Edit Links > Break Link) and send it again."
        ),
        "no-visible-sheet": (
            "Every sheet of the workbook is hidden: give the name of the sheet to read."
        ),
        "truncated": "… and {count} more error(s) not shown.",
    },
}

# What a cell of each type should look like, completing the "type-error" sentence.
EXPECTED: dict[str, dict[str, str]] = {
    "fr": {
        "integer": "un nombre entier (ex. {example})",
        "number": "un nombre (ex. {example})",
        "date": "une date (ex. {example})",
        "year": "une année sur quatre chiffres (ex. {example})",
        "boolean": "une valeur oui/non ({example})",
        "string": "un texte",
        "email": "une adresse e-mail",
        "uri": "une adresse URI (ex. {example})",
        "uuid": "un identifiant UUID",
    },
    "ar": {
        "integer": "عددًا صحيحًا (مثال: {example})",
        "number": "عددًا (مثال: {example})",
        "date": "تاريخًا (مثال: {example})",
        "year": "سنة من أربعة أرقام (مثال: {example})",
        "boolean": "قيمة نعم/لا ({example})",
        "string": "نصًا",
        "email": "عنوان بريد إلكتروني",
        "uri": "عنوان URI (مثال: {example})",
        "uuid": "معرّف UUID",
    },
    "en": {
        "integer": "a whole number (e.g. {example})",
        "number": "a number (e.g. {example})",
        "date": "a date (e.g. {example})",
        "year": "a four-digit year (e.g. {example})",
        "boolean": "a yes/no value ({example})",
        "string": "a text",
        "email": "an e-mail address",
        "uri": "a URI (e.g. {example})",
        "uuid": "a UUID",
    },
}


def language_of(language: str) -> str:
    """Return the catalogue language for a language tag, French when unknown.

    Example:
        >>> language_of("ar-MA"), language_of("en_GB"), language_of("es")
        ('ar', 'en', 'fr')
    """
    base = language.replace("_", "-").split("-", 1)[0].lower()
    return base if base in MESSAGES else DEFAULT_LANGUAGE


def render(code: str, language: str, **params: object) -> str:
    """Render the message of ``code`` in ``language`` with its parameters.

    Example:
        >>> render("too-large", "fr", limit_mb=50)
        'Le fichier dépasse la taille maximale autorisée (50 Mo).'
    """
    lang = language_of(language)
    values: Mapping[str, object] = params
    if code == "type-error":
        expected = EXPECTED[lang][str(params.get("expected_kind", "string"))]
        values = {**params, "expected": expected.format(example=params.get("example", ""))}
    return MESSAGES[lang][code].format(**values)
