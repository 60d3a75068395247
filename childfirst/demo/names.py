"""Built-in lists of first names and surnames for demo children, staff and victims.

Written out here, not drawn from a package such as Faker, because the demo has to
give the same names for the same seed whatever is installed, and because the names
should follow the make-up of the children a youth justice service in England works
with (see ``shapes.py``), which a general-purpose fake-data library does not know.

The pools follow the five broad ethnic groups of the 2021 Census. Children of mixed
ethnicity draw from the pools of two groups; about one child in six draws a first
name from any pool, since names do not follow ethnicity neatly.
"""

from __future__ import annotations


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


BOYS: dict[str, tuple[str, ...]] = {
    "white-british": _names(
        "Oliver Harry Jack George Charlie Jacob Thomas James William Alfie Joshua Ethan "
        "Daniel Callum Kieran Liam Tyler Connor Lewis Ryan Jordan Mason Riley Logan Jake "
        "Ben Kai Reece Bradley Luke Harvey Finley Archie Leo Noah Max Toby Dylan Owen "
        "Rhys Evan Cameron Frankie Brandon Ashton Alex Jamie Samuel Lucas Freddie"
    ),
    "white-irish": _names("Sean Patrick Ciaran Declan Conor Cian Oisin Niall"),
    "white-traveller": _names("John Tommy Michael Jimmy Patrick Johnny Martin"),
    "white-other": _names(
        "Jakub Kacper Szymon Filip Mateusz Dawid Andrei Luca Matei Tomas Lukas Marek "
        "Aleksander Nikola Ionut Darius"
    ),
    "asian-south": _names(
        "Mohammed Muhammad Ibrahim Yusuf Ayaan Hamza Zain Bilal Imran Adnan Rayyan Abdul "
        "Tanvir Rahim Arjun Rohan Aarav Dev Jaskaran Harpreet Kiran Nikhil Vikram Sanjay Aryan"
    ),
    "asian-east": _names("Wei Jun Hao Ryan Jason Kevin Minh Tuan"),
    "black-african": _names(
        "Kwame Kofi Emmanuel Samuel David Daniel Tobi Tunde Chidi Ebuka Femi Kayode Abdi "
        "Mohamed Yonas Joel Isaac Michael Divine Prince"
    ),
    "black-caribbean": _names(
        "Jerome Tyrone Marcus Dwayne Malik Jaden Kai Andre Reuben Nathaniel Jayden Isaiah "
        "Elijah Tyrese"
    ),
    "other": _names(
        "Omar Khalid Karim Youssef Ali Hassan Tariq Ahmad Farid Mateo Diego Santiago Hiwa Dara"
    ),
}

GIRLS: dict[str, tuple[str, ...]] = {
    "white-british": _names(
        "Olivia Amelia Isla Ava Emily Sophie Grace Lily Chloe Ellie Jessica Mia Holly "
        "Megan Lauren Courtney Jade Paige Shannon Leah Demi Kayleigh Amber Poppy Freya "
        "Evie Millie Caitlin Eva Charlotte Ruby Scarlett Summer Lacey"
    ),
    "white-irish": _names("Niamh Ciara Aoife Siobhan Roisin Orla"),
    "white-traveller": _names("Bridget Mary Margaret Kathleen Nora Josie"),
    "white-other": _names(
        "Zuzanna Julia Natalia Maja Oliwia Alexandra Ioana Daria Gabriela Emilia"
    ),
    "asian-south": _names(
        "Aisha Fatima Zara Maryam Hafsa Amira Sana Nadia Ayesha Tasnim Nusrat Sumaiya "
        "Priya Anika Simran Jasleen Diya Kavya Meera Riya"
    ),
    "asian-east": _names("Mei Lian Jia Xin Amy Linh Grace"),
    "black-african": _names(
        "Adaeze Chioma Ama Abena Favour Precious Blessing Temi Hodan Ifrah Deborah Esther "
        "Ruth Zainab"
    ),
    "black-caribbean": _names("Shanice Tia Keisha Jada Aaliyah Destiny Nia Simone Kiara"),
    "other": _names("Layla Noor Yasmin Rania Salma Sofia Valentina Parisa"),
}

SURNAMES: dict[str, tuple[str, ...]] = {
    "white-british": _names(
        "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
        "Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris "
        "Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark King Baker "
        "Harrison Morgan Allen Scott Phillips Watson Parker Price Bennett Young Griffiths "
        "Mitchell Cook Carter Bailey Collins Bell Shaw Miller Cox Marshall Simpson Ellis "
        "Adams Wilkinson Foster Chapman Mason Gray Webb Rogers Hunt Holmes Mills Lloyd "
        "Fletcher Barker Palmer Knight Butler Russell Payne Pearce Hopkins Sutton"
    ),
    "white-irish": _names(
        "O'Brien Murphy Byrne Doyle McCarthy Gallagher Ryan Walsh O'Connor Kavanagh Quinn Brennan"
    ),
    "white-traveller": _names("Doherty Cash Loveridge Boswell Lovell Ward Price"),
    "white-other": _names(
        "Nowak Kowalski Wójcik Popescu Ionescu Kazlauskas Petrov Novak Horvat Lakatos "
        "Balog Dumitru Stoica Silva Santos"
    ),
    "asian-south": _names(
        "Patel Shah Singh Kaur Sharma Gill Sandhu Khan Hussain Ahmed Ali Iqbal Akhtar "
        "Rahman Miah Begum Uddin Chowdhury Islam Mahmood Malik Bibi Mistry Chauhan"
    ),
    "asian-east": _names("Chen Wang Li Zhang Wong Liu Nguyen Tran"),
    "black-african": _names(
        "Okafor Adeyemi Mensah Boateng Owusu Asante Okonkwo Eze Adebayo Ogunleye Abdi "
        "Mohamud Hassan Warsame Tesfaye Osei"
    ),
    "black-caribbean": _names(
        "Campbell Francis Grant Henry Reid Gordon Stewart Brown Williams Thomas Richards "
        "Clarke Samuels Barnes"
    ),
    "other": _names(
        "Al-Sayed Haddad Mansour Nasser Saleh Farah Aziz Karimi Rahimi Ahmadi Hosseini "
        "Rodriguez Gomez Mahmoud"
    ),
}

#: Which name pools each 2021 Census category (``Ethnicity.code``) draws on;
#: ``""`` is for a child whose ethnicity is not known.
POOLS_FOR_ETHNICITY: dict[str, tuple[str, ...]] = {
    "white-british": ("white-british",),
    "white-irish": ("white-irish", "white-british"),
    "white-gypsy-irish-traveller": ("white-traveller",),
    "white-roma": ("white-other",),
    "white-other": ("white-other",),
    "asian-bangladeshi": ("asian-south",),
    "asian-indian": ("asian-south",),
    "asian-pakistani": ("asian-south",),
    "asian-chinese": ("asian-east",),
    "asian-other": ("asian-south", "asian-east"),
    "black-african": ("black-african",),
    "black-caribbean": ("black-caribbean",),
    "black-other": ("black-african", "black-caribbean"),
    "mixed-white-asian": ("white-british", "asian-south"),
    "mixed-white-black-african": ("white-british", "black-african"),
    "mixed-white-black-caribbean": ("white-british", "black-caribbean"),
    "mixed-other": ("white-british", "other", "black-caribbean"),
    "other-arab": ("other",),
    "other-any": ("other",),
    "": ("white-british", "white-other", "black-african"),
}

#: Short forms some children ask to be called by.
PREFERRED: dict[str, str] = {
    "Mohammed": "Mo",
    "Muhammad": "Mo",
    "Daniel": "Dan",
    "Thomas": "Tom",
    "Samuel": "Sam",
    "Joshua": "Josh",
    "Nathaniel": "Nate",
    "Jessica": "Jess",
    "Olivia": "Liv",
    "Alexandra": "Alex",
    "Aleksander": "Olek",
    "Jakub": "Kuba",
    "Frankie": "Frank",
    "Jacob": "Jake",
    "Charlotte": "Lottie",
    "Gabriela": "Gabi",
    "Emmanuel": "Manny",
    "Kayleigh": "Kay",
    "Isaiah": "Zay",
    "Tyrese": "Ty",
}

#: First names for staff and partners.
STAFF_FIRST_NAMES = _names(
    "Sarah Helen Rachel Claire Emma Nicola Joanne Priya Amina Grace Funmi Hannah Rebecca "
    "Louise Kate Natalie Samina Yvonne Mark Paul David Andrew Richard Simon Darren Gareth "
    "Imran Kwabena Tom Chris Stuart Neil Jason Raj Marcus Owen Bethan Siân Agnieszka Lena "
    "Femi Deepa Harjit Colette Dominic Ayo Sunita Wojciech Maria Carl"
)

#: Organisations that are victims (``Victim.is_person`` False), by offence code.
ORGANISATION_VICTIMS: dict[str, tuple[str, ...]] = {
    "shoplifting": (
        "Local convenience store",
        "Supermarket on the high street",
        "Clothes shop in the shopping centre",
        "Chemist",
        "Sports shop in the retail park",
    ),
    "criminal-damage": (
        "Secondary school",
        "Bus operator",
        "Parish council (bus shelter)",
        "Housing association",
        "Leisure centre",
        "Community centre",
    ),
    "non-domestic-burglary": (
        "Builders' merchant",
        "Allotment society",
        "Sports club pavilion",
        "Garden centre",
        "Primary school",
    ),
    "arson": ("Housing association", "Recycling centre", "Secondary school"),
    "fraud": ("High street bank", "Online retailer"),
    "theft": ("Railway station café", "Supermarket on the high street", "Youth club"),
}

#: Where unaccompanied asylum-seeking children come from, by the 2021 Census category
#: they identify with (never a White one), with weights, the language they speak and
#: names from there: among the commonest nationalities of unaccompanied children claiming
#: asylum in the UK in recent years (Home Office, "Immigration system statistics", asylum
#: applications by unaccompanied children), the demo's own choice of weights.
UASC_ORIGINS: dict[str, tuple[tuple[float, str, str, str, str, str], ...]] = {
    # ethnicity: ((weight, country, language, boys, girls, surnames), ...)
    "black-african": (
        (
            60,
            "Eritrea",
            "Tigrinya",
            "Yonas Dawit Filmon Biniam Robel Semere Merhawi Kibrom Henok Natnael",
            "Selam Luwam Senait Eden Helen Saba Rahwa",
            "Tesfamariam Gebremedhin Haile Kidane Berhe Tekle Weldu Habte",
        ),
        (
            40,
            "Sudan",
            "Arabic",
            "Mohamed Ahmed Osman Musab Abdelrahman Mujtaba Elfatih Yousif",
            "Amna Hiba Fatima Rayan Sara",
            "Abdalla Osman Ibrahim Adam Musa Elhassan Babiker",
        ),
    ),
    "asian-other": (
        (
            40,
            "Afghanistan",
            "Pashto",
            "Ahmad Mohammad Samiullah Zabihullah Rahmatullah Naveed Bilal Hamid",
            "Zahra Maryam Marwa Parwana",
            "Safi Noori Sultani Amiri Zadran Stanikzai",
        ),
        (
            40,
            "Afghanistan",
            "Dari",
            "Ali Farhad Hamid Mustafa Reza Javed Sohrab Omid",
            "Zahra Nazanin Fatima Shabnam",
            "Ahmadi Rahimi Hussaini Karimi Rezaei Mohammadi",
        ),
        (
            20,
            "Vietnam",
            "Vietnamese",
            "Minh Tuan Duc Hung Nam Long Quang",
            "Linh Thao Huong Trang Mai",
            "Nguyen Tran Le Pham Hoang Vu Dang",
        ),
    ),
    "other-arab": (
        (
            100,
            "Syria",
            "Arabic",
            "Omar Khaled Yousef Ahmad Mahmoud Hasan Karam",
            "Layla Noor Rania Hala Lama",
            "Al-Hassan Haddad Khalil Al-Ahmad Darwish Hamdan",
        ),
    ),
    "other-any": (
        (
            60,
            "Iran",
            "Kurdish",
            "Hiwa Dara Karwan Rebin Shvan Aram Hawre Zana",
            "Shilan Rojin Nazdar Avin Bnar",
            "Karimi Mohammadi Rostami Moradi Azizi",
        ),
        (
            40,
            "Iraq",
            "Kurdish",
            "Hiwa Karwan Rebin Aram Hawre Zana Sirwan",
            "Shilan Rojin Nazdar Avin",
            "Rasul Hama Aziz Qadir Mahmud",
        ),
    ),
}
