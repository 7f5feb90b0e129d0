"""People's names for the sample audit, by the communities of a fictional UK town.

Each community has given names by sex (English and Welsh ones also by generation, so that a
"Maureen" is older than a "Kayleigh") and surnames. Polish surnames take their feminine form
for women. The weights are how many of the people involved come from each community.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Community:
    key: str
    weight: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    # Given names of people under 50, when they differ from the older generation's.
    female_young: tuple[str, ...] = ()
    male_young: tuple[str, ...] = ()
    # The Census 2021 high-level ethnic group most people of this community would choose.
    ethnicity: str = "white"
    # Religion answer codes with weights, for equality monitoring.
    religions: tuple[tuple[str, float], ...] = (("no_religion", 0.5), ("christian", 0.5))
    # Languages besides English, with the chance that a person speaks each.
    languages: tuple[tuple[str, float], ...] = ()
    # Chance that a person of this community does not list English (recent arrivals).
    no_english: float = 0.0
    # Surnames carried only by women, or only by men (Kaur and Singh, Begum and Miah).
    female_surnames: tuple[str, ...] = ()
    male_surnames: tuple[str, ...] = ()


def _split(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


COMMUNITIES: tuple[Community, ...] = (
    Community(
        "english",
        47.0,
        female=_split(
            "Margaret, Susan, Patricia, Linda, Christine, Janet, Carol, Pauline, Maureen, "
            "Sandra, Julie, Karen, Jacqueline, Deborah, Gillian, Lorraine, Angela, Elaine, "
            "Brenda, Valerie, Denise, Wendy, Sheila, Barbara, Jean, Kathleen, Helen, Alison, "
            "Tracey, Joanne, Lesley, Diane, Beverley, Yvonne, Hazel, June, Dawn, Marion"
        ),
        female_young=_split(
            "Emma, Sarah, Laura, Rebecca, Hannah, Charlotte, Jessica, Amy, Gemma, Kelly, "
            "Stacey, Kayleigh, Leanne, Danielle, Chloe, Sophie, Olivia, Amelia, Ellie, Lucy, "
            "Megan, Holly, Jade, Lauren, Natalie, Zoe, Katie, Abigail, Ruby, Poppy, Isla, "
            "Freya, Grace, Mia, Evie, Lily, Jodie, Becky, Charlie, Alex"
        ),
        male=_split(
            "David, John, Michael, Peter, Stephen, Paul, Robert, Richard, Christopher, Mark, "
            "Ian, Gary, Kevin, Brian, Keith, Colin, Graham, Alan, Derek, Philip, Anthony, "
            "Andrew, Martin, Neil, Nigel, Roger, Malcolm, Terry, Barry, Geoffrey, Raymond, "
            "Clive, Dennis, Kenneth, Stuart, Howard"
        ),
        male_young=_split(
            "James, Daniel, Thomas, Matthew, Ryan, Luke, Adam, Jack, Liam, Jamie, Craig, "
            "Dean, Lee, Ashley, Callum, Jordan, Connor, Kieran, Nathan, Josh, Ben, Sam, "
            "Oliver, Harry, George, Alfie, Charlie, Leo, Noah, Freddie, Archie, Tyler, "
            "Jake, Scott, Shaun, Alex"
        ),
        surnames=_split(
            "Smith, Taylor, Brown, Wilson, Johnson, Walker, Wright, Robinson, Thompson, White, "
            "Green, Hall, Wood, Harris, Clarke, Jackson, Turner, Hill, Cooper, Ward, Baker, "
            "Shaw, Holmes, Marsh, Fletcher, Barker, Simpson, Webb, Bennett, Lane, Mason, "
            "Dawson, Knight, Carter, Foster, Harrison, Chapman, Pearce, Atkinson, Palmer, "
            "Burton, Hudson, Kemp, Mills, Sutton, Parker, Cox, Gibson, Lawrence, Dixon, Hunt, "
            "Rose, Fox, Stone, Reynolds, Hayes, Barnes, Russell, Kirby, Booth, Whitehouse, "
            "Butler, Bradley, Nash, Pope, Wade, Higgins, Sheppard, Cartwright, Hollis, "
            "Bishop, Townsend, Ashworth, Lambert, Marshall, Newman, Underwood, Yates"
        ),
        religions=(("no_religion", 0.52), ("christian", 0.46), ("other", 0.01)),
    ),
    Community(
        "welsh",
        26.0,
        female=_split(
            "Gwenllïan, Eirlys, Meinir, Glenys, Gwyneth, Myfanwy, Rhiannon, Eluned, Mair, "
            "Nerys, Carys, Delyth, Angharad, Siân, Heulwen, Olwen, Bethan, Rhian, Gaynor, "
            "Eleri, Llinos, Ceinwen, Gwenda, Menna, Eirian, Mererid, Dilys, Enid"
        ),
        female_young=_split(
            "Siân, Ffion, Cerys, Elin, Catrin, Nia, Mared, Lowri, Manon, Sioned, Heledd, "
            "Seren, Alaw, Efa, Megan, Erin, Mali, Gwenno, Lleucu, Beca, Nansi, Elan, Cadi, "
            "Celyn, Anest, Gwenllïan, Tesni, Non, Hawys"
        ),
        male=_split(
            "Dafydd, Gwilym, Huw, Emrys, Geraint, Gareth, Alun, Aled, Rhodri, Meirion, "
            "Eifion, Glyn, Idris, Gwyn, Islwyn, Hywel, Ieuan, Cledwyn, Elwyn, Emlyn, Iolo, "
            "Bryn, Llŷr, Wynford, Gwynfor, Dewi"
        ),
        male_young=_split(
            "Rhys, Osian, Tomos, Siôn, Llŷr, Gethin, Iwan, Owain, Gwion, Steffan, Cai, Ioan, "
            "Elis, Deio, Gruffudd, Harri, Ianto, Morgan, Dewi, Guto, Tudur, Cynan, Bedwyr, "
            "Dafydd, Aled, Iestyn"
        ),
        surnames=_split(
            "Jones, Williams, Davies, Evans, Thomas, Roberts, Hughes, Lewis, Morgan, "
            "Griffiths, Price, Pritchard, Rees, Owen, Lloyd, Powell, Parry, Bowen, Llywelyn, "
            "Prosser, Vaughan, Jenkins, Watkins, Pugh, Humphreys, Rowlands, Gruffydd, "
            "Prydderch, Ellis, Howells, Jarman, Probert, Meredith, Bevan, Gwynne, Protheroe, "
            "Phillips, Richards, Harries, Edwards, Morris, Walters, Beynon, Cadwaladr, Wyn, "
            "ap Siôn, Tudur, Pennant"
        ),
        religions=(("no_religion", 0.47), ("christian", 0.52), ("other", 0.01)),
        languages=(("Welsh", 0.55),),
    ),
    Community(
        "irish",
        2.0,
        female=_split("Siobhan, Aoife, Niamh, Mary, Bridget, Roisin, Orla, Ciara, Maeve, Sinead"),
        male=_split("Ciaran, Declan, Sean, Patrick, Eoin, Liam, Conor, Cormac, Padraig, Fintan"),
        surnames=_split(
            "Murphy, O'Brien, Byrne, Doyle, Kelly, Gallagher, O'Sullivan, Walsh, McCarthy, "
            "Quinn, Brennan, Flanagan, Nolan, Keane"
        ),
        religions=(("christian", 0.72), ("no_religion", 0.27), ("other", 0.01)),
    ),
    Community(
        "polish",
        4.0,
        female=_split(
            "Agnieszka, Katarzyna, Małgorzata, Magdalena, Joanna, Anna, Ewa, Zofia, Dorota, "
            "Justyna, Monika, Aleksandra, Beata, Marta"
        ),
        male=_split(
            "Piotr, Tomasz, Krzysztof, Paweł, Marek, Łukasz, Michał, Wojciech, Jakub, "
            "Grzegorz, Andrzej, Bartosz, Kamil, Mateusz"
        ),
        surnames=_split(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kamiński, Lewandowski, Zieliński, "
            "Szymański, Woźniak, Dąbrowski, Mazur, Krawczyk, Kaczmarek, Piotrowski, "
            "Grabowski, Jabłoński, Wróbel, Pawlak"
        ),
        religions=(("christian", 0.8), ("no_religion", 0.19), ("other", 0.01)),
        languages=(("Polish", 0.97),),
        no_english=0.04,
    ),
    Community(
        "romanian",
        1.0,
        female=_split("Andreea, Elena, Ioana, Maria, Alina, Cristina, Roxana, Gabriela"),
        male=_split("Mihai, Ionuț, Florin, Andrei, Adrian, Bogdan, Cosmin, Vlad"),
        surnames=_split("Popescu, Ionescu, Dumitru, Stan, Munteanu, Popa, Constantin, Radu"),
        religions=(("christian", 0.88), ("no_religion", 0.11), ("other", 0.01)),
        languages=(("Romanian", 0.98),),
        no_english=0.05,
    ),
    Community(
        "ukrainian",
        1.0,
        female=_split("Olena, Oksana, Iryna, Natalia, Tetiana, Yulia, Svitlana, Kateryna"),
        male=_split("Dmytro, Andriy, Oleksandr, Serhiy, Mykola, Yuriy, Bohdan, Taras"),
        surnames=_split(
            "Kovalenko, Shevchenko, Bondarenko, Tkachenko, Melnyk, Boyko, Kravchenko, Marchenko"
        ),
        religions=(("christian", 0.75), ("no_religion", 0.24), ("other", 0.01)),
        languages=(("Ukrainian", 0.95), ("Russian", 0.5)),
        no_english=0.15,
    ),
    Community(
        "pakistani",
        3.0,
        female=_split(
            "Ayesha, Nasreen, Farzana, Zainab, Shabana, Rukhsana, Amina, Yasmin, Sadia, Shazia, "
            "Parveen, Hina, Saima, Nadia, Samina, Uzma"
        ),
        male=_split(
            "Mohammed, Imran, Bilal, Tariq, Asif, Hamza, Adeel, Zubair, Kamran, Arif, Naveed, "
            "Usman, Faisal, Shahid, Sajid, Waqar"
        ),
        surnames=_split(
            "Khan, Ahmed, Hussain, Akhtar, Iqbal, Mahmood, Shah, Malik, Bashir, Qureshi, Butt, "
            "Raja, Aslam, Javed"
        ),
        ethnicity="asian",
        religions=(("muslim", 0.95), ("no_religion", 0.04), ("other", 0.01)),
        languages=(("Urdu", 0.7), ("Punjabi", 0.55)),
    ),
    Community(
        "bangladeshi",
        1.2,
        female=_split("Rahima, Nazma, Rubina, Sabina, Shamima, Taslima, Fatema, Jesmin"),
        male=_split("Shahid, Abdul, Jamal, Rashid, Anwar, Faruk, Mizanur, Saiful"),
        surnames=_split("Rahman, Uddin, Islam, Chowdhury, Ali, Hoque, Ahmed"),
        female_surnames=("Begum", "Begum", "Khatun"),
        male_surnames=("Miah", "Miah"),
        ethnicity="asian",
        religions=(("muslim", 0.96), ("no_religion", 0.03), ("other", 0.01)),
        languages=(("Bengali", 0.92),),
    ),
    Community(
        "punjabi_sikh",
        1.0,
        female=_split("Harpreet, Gurpreet, Manjit, Jaswinder, Rajinder, Simran, Navdeep, Amandeep"),
        male=_split("Sukhdev, Harjit, Gurdeep, Jaswinder, Kulwant, Amrit, Baljit, Parminder"),
        surnames=_split("Gill, Sandhu, Dhillon, Sidhu, Bains, Johal, Grewal"),
        female_surnames=("Kaur", "Kaur", "Kaur"),
        male_surnames=("Singh", "Singh", "Singh"),
        ethnicity="asian",
        religions=(("sikh", 0.9), ("no_religion", 0.08), ("other", 0.02)),
        languages=(("Punjabi", 0.85),),
    ),
    Community(
        "indian",
        1.0,
        female=_split("Priya, Sunita, Anjali, Deepa, Kiran, Meena, Nisha, Pooja, Hema, Bhavna"),
        male=_split("Rajesh, Vikram, Ravi, Sanjay, Amit, Ashok, Nitin, Dinesh, Hitesh, Manoj"),
        surnames=_split("Patel, Sharma, Mistry, Kumar, Joshi, Desai, Parmar, Chauhan, Pillai"),
        ethnicity="asian",
        religions=(("hindu", 0.82), ("no_religion", 0.08), ("christian", 0.05), ("other", 0.05)),
        languages=(("Gujarati", 0.5), ("Hindi", 0.4)),
    ),
    Community(
        "chinese",
        1.5,
        female=_split("Mei Ling, Li Na, Siu Ming, Ka-Wai, Xiao Hui, Grace, Jenny, Annie, Yan"),
        male=_split("Wei, Jun, Chun, Kenneth, Michael, Ka-Ho, Hao, Kevin, Ming"),
        surnames=_split("Chan, Wong, Li, Zhang, Cheung, Lam, Leung, Chen, Liu, Ng, Ho, Yip, Lau"),
        ethnicity="asian",
        religions=(("no_religion", 0.6), ("christian", 0.2), ("buddhist", 0.18), ("other", 0.02)),
        languages=(("Cantonese", 0.65), ("Mandarin", 0.5)),
    ),
    Community(
        "filipino",
        1.0,
        female=_split("Maria, Joy, Marites, Rowena, Cherry, Analyn, Jocelyn, Lorna"),
        male=_split("Ramon, Jerome, Arnel, Romeo, Jun, Noel, Rodel, Ariel"),
        surnames=_split("Santos, Reyes, Cruz, Bautista, dela Cruz, Mendoza, Garcia, Villanueva"),
        ethnicity="asian",
        religions=(("christian", 0.92), ("no_religion", 0.07), ("other", 0.01)),
        languages=(("Tagalog", 0.9),),
    ),
    Community(
        "somali",
        2.0,
        female=_split(
            "Faduma, Hodan, Asha, Hawa, Ayan, Ifrah, Sahra, Khadra, Nimco, Ubah, Hibo, Ilhan"
        ),
        male=_split("Abdi, Mohamed, Omar, Yusuf, Liban, Abdirahman, Mukhtar, Ahmed, Hassan, Said"),
        surnames=_split(
            "Abdi, Hassan, Warsame, Farah, Osman, Jama, Mohamud, Ismail, Nur, Yusuf, Elmi, "
            "Aden, Hirsi, Duale"
        ),
        ethnicity="black",
        religions=(("muslim", 0.97), ("no_religion", 0.02), ("other", 0.01)),
        languages=(("Somali", 0.97), ("Arabic", 0.3)),
        no_english=0.08,
    ),
    Community(
        "caribbean",
        2.5,
        female=_split(
            "Marcia, Beverley, Claudette, Paulette, Denise, Shanice, Hyacinth, Sharon, Keisha, "
            "Jacqueline, Yvonne, Precious"
        ),
        male=_split(
            "Delroy, Winston, Errol, Jermaine, Leon, Trevor, Marcus, Tyrone, Lloyd, Andre, "
            "Clive, Everton"
        ),
        surnames=_split(
            "Campbell, Brown, Williams, Clarke, Francis, Grant, Henry, Morrison, Reid, "
            "Samuels, Gordon, Bailey, Stewart, Walters, Richards, McKenzie, Thomas, Forbes"
        ),
        ethnicity="black",
        religions=(("christian", 0.72), ("no_religion", 0.24), ("other", 0.04)),
    ),
    Community(
        "nigerian",
        1.0,
        female=_split("Ngozi, Folake, Chiamaka, Funmilayo, Adaeze, Bisi, Temitope, Chioma"),
        male=_split("Chidi, Adebayo, Oluwaseun, Emeka, Tunde, Ifeanyi, Segun, Obinna"),
        surnames=_split("Okafor, Adeyemi, Okonkwo, Eze, Nwosu, Adebayo, Oyelaran, Balogun, Obi"),
        ethnicity="black",
        religions=(("christian", 0.82), ("muslim", 0.12), ("no_religion", 0.06)),
        languages=(("Yoruba", 0.4), ("Igbo", 0.4)),
    ),
    Community(
        "ghanaian",
        0.5,
        female=_split("Ama, Abena, Efua, Akosua, Adwoa, Esi"),
        male=_split("Kwame, Kofi, Yaw, Kwabena, Kojo, Kwesi"),
        surnames=_split("Mensah, Boateng, Owusu, Asante, Osei, Agyeman, Appiah"),
        ethnicity="black",
        religions=(("christian", 0.85), ("muslim", 0.1), ("no_religion", 0.05)),
        languages=(("Twi", 0.8),),
    ),
    Community(
        "arab",
        1.5,
        female=_split("Lina, Rania, Hala, Noor, Reem, Dalia, Samar, Yara"),
        male=_split("Rami, Yousef, Omar, Khaled, Tarek, Sami, Bassel, Ahmad"),
        surnames=_split(
            "al-Hassan, Haddad, Khalil, Nasser, Darwish, Saleh, Mansour, Hamdan, Aziz, Sabbagh"
        ),
        ethnicity="other",
        religions=(("muslim", 0.86), ("christian", 0.1), ("no_religion", 0.04)),
        languages=(("Arabic", 0.98), ("Kurdish", 0.1)),
        no_english=0.12,
    ),
)
"""Communities of the people involved; weights are shares of everyone involved, in percent."""

MIXED_WEIGHT = 2.0
"""Percent of people with a given name from one community and a surname from another."""

# Middle names common among Welsh speakers, by sex.
WELSH_MIDDLE_FEMALE = ("Mai", "Haf", "Wyn", "Eluned", "Angharad")
WELSH_MIDDLE_MALE = ("Wyn", "Glyn", "Llŷr", "Rhys", "Aled")


def feminine_surname(surname: str) -> str:
    """Return the form of a Polish surname a woman would carry (Kowalski -> Kowalska)."""
    for masculine, feminine in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(masculine):
            return surname[: -len(masculine)] + feminine
    return surname
