"""Parameter descriptions and variable labels, marked for translation.

The legislation (YAML and formulas) is written in English and framework-free; pages translate
these texts when they show them. ``tests/test_labels.py`` fails when one is missing here.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

LABELS = [
    gettext_noop("Income-tax cap of the company's employees"),
    gettext_noop("Years of full IS exemption for new exporting companies"),
    gettext_noop("IS rate of exporting companies, share of taxable profit"),
    gettext_noop("IS rate when taxable profit reaches the threshold"),
    gettext_noop("Taxable profit from which the higher IS rate applies, MAD"),
    gettext_noop("Ceiling of all Charter bonuses together, share of the eligible investment"),
    gettext_noop("Minimum investment for eligibility (with the minimum jobs), MAD"),
    gettext_noop("Minimum stable jobs created for eligibility whatever the investment"),
    gettext_noop("Minimum stable jobs created, together with the minimum investment"),
    gettext_noop(
        "Sector bonus for priority sectors (outsourcing included), share of the eligible investment"
    ),
    gettext_noop("Territorial bonus when the province's zone is not loaded yet"),
    gettext_noop("Territorial bonus in zone A, share of the eligible investment"),
    gettext_noop("Territorial bonus in zone B, share of the eligible investment"),
    gettext_noop(
        "Income-tax cap for employees of offshoring companies in an offshoring park, share of gross taxable income"
    ),
    gettext_noop("Highest training aid per hire, any profile, MAD"),
    gettext_noop("Training aid ceiling per hire, BPO profile (bac+2), MAD"),
    gettext_noop("Training aid ceiling per hire, call-centre profile (bac), MAD"),
    gettext_noop("Training aid ceiling per hire, IT engineer profile, MAD"),
    gettext_noop("Training aid ceiling per hire, IT technician profile, MAD"),
    gettext_noop("Training aid ceiling per hire, management profile (bac+4), MAD"),
    gettext_noop("Whether remote (distance) training is reimbursed"),
    gettext_noop("Years after hiring during which training costs are reimbursed"),
    gettext_noop("Activity lines covered (codes of vocabulary.activities)"),
    gettext_noop("Months a new permanent job must be held before the employment bonus is due"),
    gettext_noop(
        "Employment bonus, share of the annual gross taxable income of each new permanent job"
    ),
    gettext_noop("Last day of the 2025 offer"),
    gettext_noop("Income-tax cap in Casanearshore and Technopolis, share of gross taxable income"),
    # xgettext:no-python-format
    gettext_noop("Parks where the 20 % cap applies"),
    gettext_noop(
        "Regions with an offshoring park (elsewhere, the shore rate applies anywhere in the region)"
    ),
    # xgettext:no-python-format
    gettext_noop("Parks where the 10 % cap applies"),
    gettext_noop(
        "Income-tax cap in the Fès, Oujda and Tétouan shores or in regions without a park"
    ),
    gettext_noop("Years of corporate-tax exemption before the State's support applies"),
    gettext_noop("Share of the corporate tax covered by the State after the exempt years"),
    gettext_noop("First day of the 2025 offer"),
    gettext_noop(
        "Training bonus, share of the annual gross taxable income of each new Moroccan hire, per year"
    ),
    gettext_noop("Years during which the training bonus is paid for a hire"),
    gettext_noop("Region (ISO code, MA-01 … MA-12)"),
    gettext_noop("Offshoring park (a code of vocabulary.parks)"),
    gettext_noop("Activity line (a code of vocabulary.activities)"),
    gettext_noop("Investment Charter zone of the province (A, B, or unknown)"),
    gettext_noop("Annual taxable profit"),
    gettext_noop("Investment programme"),
    gettext_noop("Date of the investment"),
    gettext_noop("Stable jobs the investment creates"),
    gettext_noop("Date the company joined the 2025 offer"),
    gettext_noop("Profile (a code of vocabulary.profiles)"),
    gettext_noop("Annual gross taxable income"),
    gettext_noop("Hiring date"),
    gettext_noop("Leaving date, if any"),
    gettext_noop("Permanent contract"),
    gettext_noop("Moroccan national"),
    gettext_noop("Training hours"),
    gettext_noop("Training cost"),
    gettext_noop("Modality (in_person or remote)"),
    gettext_noop("Training start date"),
    gettext_noop("Company covered by the 2025 offer"),
    gettext_noop("Hired under the 2025 offer"),
    gettext_noop("Income-tax cap (share of gross taxable income)"),
    gettext_noop("Maximum income tax under the cap"),
    gettext_noop("Employment bonus (new permanent job held the minimum months)"),
    gettext_noop("Training bonus (new Moroccan hire, yearly at each hiring anniversary)"),
    gettext_noop("Corporate income tax (IS) before support"),
    gettext_noop("State support of the corporate tax (full during the exempt years, then a share)"),
    gettext_noop(
        "Training cost eligible for reimbursement (remote only once the circular allows it)"
    ),
    gettext_noop("Training aid ceiling for the profile"),
    gettext_noop(
        "Training aid (2006 offer): eligible training costs within the years after hiring, up to the profile's ceiling"
    ),
    gettext_noop("Eligible for the Investment Charter"),
    gettext_noop("Investment Charter bonus rate (territorial + sector, capped)"),
    gettext_noop("Investment Charter bonus (paid on the investment)"),
    gettext_noop("Employment bonuses of the company's employees"),
    gettext_noop("Training bonuses of the company's employees"),
    gettext_noop("Training aid for the company's employees"),
    gettext_noop("All incentives paid or granted in the year"),
    gettext_noop("Activity lines that receive the sector bonus (outsourcing is a priority sector)"),
    gettext_noop(
        "Last hiring date covered by the training aid (later hires get the 2025 offer's training bonus)"
    ),
    gettext_noop(
        "Whether a training bonus is due only if the employee is still employed on its due date"
    ),
    gettext_noop(
        "Whether the State's share of the corporate tax after the exempt years goes on being paid after the offer closes"
    ),
    gettext_noop(
        "Whether the income-tax cap goes on applying after the offer closes, to companies that joined it"
    ),
    gettext_noop(
        "Whether the shore rate also applies to a site outside every park in a region that has a park"
    ),
    gettext_noop(
        "Yearly payments of the employment bonus for one job, the first when the job reaches the minimum months"
    ),
    gettext_noop(
        "Years after hiring at which the first training bonus is due (1 at the first anniversary, then one at each anniversary; 0 in the hiring year, then one each calendar year)"
    ),
    gettext_noop(
        "The controlled lists of the offshoring legislation, each with its labels and source"
    ),
    gettext_noop(
        'Activity lines a project declares (the offers say which ones they cover; "other" is any other activity)'
    ),
    gettext_noop(
        "Employee profiles of the offshoring offers (training aid ceilings, activity reports, salaries)"
    ),
    gettext_noop(
        'Offshoring parks and the region each is in ("none" is a site outside every park)'
    ),
    # xgettext:no-python-format
    gettext_noop(
        "Employee's CNSS contributions (short-term 0.52 % + long-term 3.96 %), share of the salary up to the ceiling; deductible from taxable income"
    ),
    gettext_noop(
        "Employee's compulsory health insurance (AMO) contribution, share of the whole salary; deductible from taxable income"
    ),
    gettext_noop(
        "Employee's social contributions (CNSS up to its ceiling, AMO on the whole salary)"
    ),
    gettext_noop("Flat deduction for professional expenses"),
    gettext_noop(
        "Flat deduction for professional expenses above the threshold, share of gross taxable income"
    ),
    gettext_noop(
        "Flat deduction for professional expenses, share of gross taxable income, up to the threshold"
    ),
    gettext_noop("Gross taxable income (MAD a year) up to which the first rate applies"),
    gettext_noop("Income tax due under the cap"),
    gettext_noop("Income-tax saving of the cap (ordinary tax less the capped tax)"),
    gettext_noop("Income-tax saving of the company's employees"),
    gettext_noop("Monthly salary above which no CNSS contribution is due (MAD)"),
    gettext_noop("Most the professional-expense deduction may reach (MAD a year)"),
    gettext_noop("Net taxable income (gross less professional expenses and social contributions)"),
    gettext_noop("Ordinary income tax on the salary (yearly scale, without any cap)"),
    gettext_noop(
        "Rate of each bracket of the yearly scale, lowest first (one more than the bounds)"
    ),
    gettext_noop(
        "Upper bound of each bracket of the yearly scale on net taxable income (MAD); the last rate applies above the last bound"
    ),
    gettext_noop("Ordinary income tax of the company's employees"),
]
