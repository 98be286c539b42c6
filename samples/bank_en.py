"""English sentence bank for the sample sites, in the voice of the translated seed pages.

Same slots as `bank_zh`. Sentences never contain an abbreviation with a full stop ("a.m.", "No.") so that a
glued sentence boundary (``conference.Members``) is always a real boundary: the townblog site glues sentences and
the ground truth restores exactly one space there.
"""

from __future__ import annotations

from samples.bank import Topic

TOPICS: dict[str, Topic] = {
    "study": Topic(
        headlines=[
            "{org} Holds {month} Theoretical Study Session of Its Leading Group",
            "{org} Organizes Collective Study on the Spirit of the 18th National Congress of Chinese Trade Unions",
            "Party Members of {org} Hold Special Study and Discussion",
            "{org} Carries Out Themed Party Day Study in {month}",
        ],
        leads=[
            "On {date}, the theoretical study group of the Party Leadership Group of {org} held a collective study session, presided over by {person}, {role}.",
            "On the morning of {date}, all Party members and cadres of {org} gathered for a concentrated study of the Party's innovative theory.",
            "In order to promote theoretical study in depth, {org} held a special study and discussion meeting on {date}.",
        ],
        subheads=[
            "Highlight political guidance and consolidate the ideological foundation",
            "Combine study with practice and promote the transformation of results",
            "Innovate study forms and enhance study effectiveness",
        ],
        sentences=[
            "At the meeting, participants studied the spirit of the 20th National Congress of the Communist Party of China and the 18th National Congress of Chinese Trade Unions.",
            "{person2} made an exchange speech based on the work in charge, talking about study experience and plans for the next step.",
            "The meeting emphasized that study results should be transformed into concrete measures to promote the high-quality development of trade union work.",
            "The meeting required all departments to read the original works, study the original texts and understand the principles.",
            "Everyone agreed that the overall leadership of the Party over trade union work must always be upheld.",
            "The study combined guided reading, self-study and discussion, which further improved its pertinence and effectiveness.",
            "Participants held a heated discussion on how to better serve workers and put forward {n} suggestions.",
            "The meeting pointed out that theoretical study is a compulsory course for Party members and cadres and must be carried out persistently.",
            "{org_short} will adhere to the Friday collective learning day system and make study a regular practice.",
            "Young cadres of the organ shared their experience of participating in the thematic education.",
            "The meeting also reported on the implementation of the previous study plan and arranged the content of the next stage.",
            "Everyone said that they would promote work through study and test study through work, and do practical things for workers.",
            "A total of {n} special lectures were arranged, covering {n2} cadres of the organ and affiliated units.",
            "{person} pointed out that it is necessary to study thoroughly, understand deeply and apply in practice.",
        ],
    ),
    "integrity": Topic(
        headlines=[
            "{org} Takes the Integrity Education Month as an Opportunity to Improve the Style of Cadres",
            "{org} Carries Out Party Conduct and Clean Government Education Month",
            "Cadres of {org} Visit Anti-corruption Education Base",
            "{org} Holds Meeting on Comprehensively and Strictly Governing the Party",
        ],
        leads=[
            "Recently, {org} launched a series of clean government education activities for its Party members and cadres.",
            "On {date}, {org} held a work conference on comprehensively and strictly governing the Party, and {person}, {role}, attended and delivered a speech.",
            "To further build an ideological defense line against corruption, {org} organized Party members and cadres to visit the clean government education base in {city} on {date}.",
        ],
        subheads=[
            "Strengthen theoretical study and firm ideals and beliefs",
            "Learn from advanced models and cultivate an upright atmosphere",
            "Carry out special Party courses and build a solid ideological defense line",
        ],
        sentences=[
            "Led by the guide, the cadres listened carefully to vivid stories of honesty and dedication to public service.",
            "By watching a warning education film, everyone deeply realized the serious harm of violations of discipline and law.",
            "During the activity, all Party members and cadres signed a letter of commitment on honesty and self-discipline.",
            "{person} gave a special Party lesson to the cadres under the title of continuously strengthening the construction of Party conduct and clean government.",
            "The meeting reported typical cases investigated recently, educating people around them with things around them.",
            "Everyone said they would always tighten the string of discipline, know awe and keep the bottom line.",
            "{org_short} invited members of the publicity group of the municipal discipline inspection commission to give lectures on Party discipline and rules.",
            "Through continuous education, the publicity and education work on Party conduct and clean government has been steadily deepened.",
            "In the next step, {org_short} will keep the strict tone and advance the work of making cadres not dare, not able and not want to be corrupt.",
            "Party branches of the organ held family style story sharing sessions and clean government knowledge tests.",
            "The meeting required leading cadres to take the lead in implementing the eight-point rules of the Central Committee.",
            "{org_short} also invited family members of cadres to a symposium to jointly build a clean family defense line.",
            "During the education month, {n} special study sessions were held, with {n2} participants.",
            "The meeting stressed the need to strengthen daily supervision over the use of trade union funds and asset management.",
        ],
    ),
    "skills": Topic(
        headlines=[
            "{city} Workers' Vocational Skills Competition Kicks Off at {unit}",
            "{org} Holds {year} Workers' Skills Competition",
            "Craftsman Cup Skills Contest Held at {unit}",
            "{n} Workers Compete on the Same Stage as Skills Contest of {org_short} Concludes",
        ],
        leads=[
            "On {date}, the {year} workers' vocational skills competition hosted by {org} and undertaken by {unit} officially started.",
            "On the morning of {date}, the Craftsman Cup skills contest for workers in {city} opened at {unit}, with {n} contestants competing.",
            "In order to carry forward the spirit of model workers, the spirit of labor and the spirit of craftsmanship, {org} held a workers' skills competition on {date}.",
        ],
        subheads=[
            "Promote learning through competition and improve workers' skills",
            "Select talents through competition and build a platform for growth",
            "Improve the incentive mechanism and create an atmosphere of learning from each other",
        ],
        sentences=[
            "The competition has {n} events, including electrician, welder, numerical control lathe operator and fitter, with theoretical and practical tests.",
            "At the competition site, the contestants were calm and skillful, fully demonstrating their professional skills.",
            "The questions were set strictly in accordance with national vocational skill standards, and industry experts served as judges.",
            "After fierce competition, {n} first prizes and a number of second and third prizes were awarded.",
            "Winners of first place in each event will be recommended for the May Day Labor Medal according to procedures.",
            "In recent years, {org_short} has held {n} skills competitions of various kinds, with more than {n2} workers taking part.",
            "The person in charge of {unit} said that the company would take the competition as an opportunity to strengthen its team of skilled talents.",
            "A young contestant completed all the tasks in only {n} minutes, winning rounds of applause.",
            "Skills demonstrations and exchanges of unique techniques were held at the same time, attracting many workers to watch.",
            "{person} required all participating units to combine the competition with on-the-job training.",
            "Contestants generally said that the competition was both a test and a rare opportunity for learning and exchange.",
            "The winners will represent {city} in the final of the provincial workers' vocational skills competition.",
            "{org_short} will implement incentive policies such as skill level promotion and skill allowances for outstanding contestants.",
        ],
    ),
    "warmth": Topic(
        headlines=[
            "{org} Sends Warmth to Workers Before the Spring Festival",
            "{org} Visits Workers in Difficulty and Frontline Workers",
            "Warmth Reaches {n2} Workers as {org_short} Steps Up Assistance",
            "Leaders of {org_short} Visit Frontline Workers of {unit}",
        ],
        leads=[
            "On {date}, {person}, {role}, led a team to {unit} to visit cadres and workers sticking to their posts.",
            "As the Spring Festival approaches, {org} has carried out the activity of sending warmth to workers across the region.",
            "On {date}, a condolence team of {org} visited {unit} and {unit2} to see families of workers in difficulty.",
        ],
        subheads=[
            "Identify needs precisely and send warmth where it is most needed",
            "Visit families and bring care into workers' homes",
        ],
        sentences=[
            "At each stop, the team asked in detail about the workers' health, family life and work, and presented condolence money and gifts.",
            "A total of {money} was raised for the activity, covering {n2} workers in difficulty, model workers and frontline workers.",
            "{person} asked the staff to establish assistance records so that no one in need is left behind.",
            "Holding the hands of the team members, an old worker said that the trade union is the home of workers.",
            "The team also visited service stations for outdoor workers such as sanitation workers and couriers, delivering rice, flour and oil.",
            "{org_short} required trade unions at all levels to combine the activity with daily assistance and form a long-term mechanism.",
            "During the activity, trade unions at all levels visited {n} enterprises and held {n} workers' symposiums.",
            "For workers in difficulty caused by illness or disasters, {org_short} has opened a green channel for timely relief.",
            "{person} extended sincere greetings and New Year wishes to the cadres and workers who stick to their posts during the festival.",
            "The trade union chairman of {unit} introduced the practices of the enterprise in caring for its workers.",
            "The workers said that they would devote themselves to work with full enthusiasm.",
            "{org_short} also provided ticket subsidies to migrant workers to help them return home for the New Year.",
            "The team learned about the production and operation of the enterprise and the payment of wages.",
        ],
    ),
    "cooling": Topic(
        headlines=[
            "{org_short} Sends Coolness to Frontline Workers of {unit}",
            "Care Under High Temperature as {org} Sends Summer Coolness",
            "{org_short} Launches {year} Summer Coolness Campaign",
        ],
        leads=[
            "On {date}, a team of {org} came to the construction site of {unit} to deliver heatstroke prevention supplies to workers sticking to their posts.",
            "Since the start of the hot season, {city} has been hit by persistent high temperatures, and {org} launched its summer coolness campaign at once.",
            "Early on {date}, {person}, {role}, led a team to the production line of {unit} to visit workers working in high temperatures.",
        ],
        subheads=[
            "Deliver cooling supplies and convey the care of trade unions",
            "Supervise the implementation of policies and protect workers' rights",
        ],
        sentences=[
            "The team brought mung beans, sugar, herbal medicine and towels to the workers.",
            "A total of {money} was invested in the activity, benefiting {n2} frontline workers.",
            "{person} urged the enterprise to arrange working hours reasonably and pay high temperature allowances in full.",
            "Under the scorching sun, team members handed bottles of cold drinks to construction workers soaked in sweat.",
            "Relying on {n} outdoor worker service stations in the city, {org_short} provides drinking water, rest and emergency medicine.",
            "One worker said that it was warm in his heart to see trade union staff come on such a hot day.",
            "{org_short} and the human resources department jointly carried out a special inspection on the payment of high temperature allowances.",
            "The team also explained knowledge of heatstroke prevention and first aid to the workers.",
            "The campaign will last until the end of August, covering construction, transportation, sanitation and landscaping.",
            "Enterprises that fail to implement labor protection in high temperatures will receive rectification notices from the trade union.",
            "The trade union of {unit} also set up a cool rest area in the workshop with air conditioning and first aid kits.",
            "Many workers said that what the trade union brought was not only coolness but also warmth and care.",
        ],
    ),
    "newjobs": Topic(
        headlines=[
            "{org_short} Promotes Union Membership of Workers in New Forms of Employment",
            "Couriers in {city} Find a Home in the Trade Union",
            "{org} Does Practical Things for Workers in New Forms of Employment",
            "Symposium on Rights of Workers in New Forms of Employment Held in {city}",
        ],
        leads=[
            "On {date}, {org} held a membership ceremony at {unit}, where {n} couriers and food delivery riders joined the trade union.",
            "To protect the legitimate rights and interests of workers in new forms of employment, {org} held a symposium on {date} to hear their opinions.",
            "Recently, {org} issued implementation opinions to further strengthen the protection of the rights of workers in new forms of employment.",
        ],
        subheads=[
            "Promote union building and expand organizational coverage",
            "Build service stations and solve urgent problems",
        ],
        sentences=[
            "So far, {n2} workers in new forms of employment in the city have joined trade unions.",
            "{org_short} promoted collective consultation between leading platform companies and worker representatives on pay and rest.",
            "At the symposium, delivery riders and ride-hailing drivers spoke freely about the difficulty of parking and charging.",
            "{org_short} presented accident insurance to new members, with coverage of {money} per person.",
            "{person} said that the trade union will adapt to new changes in labor relations and build service stations close to workers.",
            "Trade unions at all levels opened online membership channels through the Workers' Home app.",
            "A total of {n} trade union stations have been built in the city, providing rest, drinking water and charging services.",
            "A courier said that after joining the trade union he felt more secure and knew whom to turn to in difficulty.",
            "{org_short} also organized lawyers to visit delivery stations and provide legal advice.",
            "Service booths for policy publicity, health checkups and free haircuts were set up at the event.",
            "In the next step, {org_short} will push more platform companies to establish trade union organizations.",
            "The meeting studied the vocational skills improvement plan for truck drivers and delivery riders.",
        ],
    ),
    "safety": Topic(
        headlines=[
            "{org_short} Launches Ankang Cup Competition and Safety Production Month",
            "{org} Carries Out Special Inspection on Work Safety",
            "{unit} Holds Emergency Drill for Work Safety",
        ],
        leads=[
            "On {date}, {org} and the emergency management department formed an inspection team to check work safety at {unit}.",
            "June is the national safety production month, and {org} has carried out mass safety activities together with the Ankang Cup competition.",
            "On the afternoon of {date}, the trade union of {unit} organized a fire emergency drill with {n} workers taking part.",
        ],
        subheads=[
            "Consolidate safety responsibility and improve the supervision network",
            "Check hidden dangers and protect workers' safety",
        ],
        sentences=[
            "The inspection team checked the workshops, warehouses and fire exits, and reviewed the safety records.",
            "For the {n} hidden dangers found, the team put forward rectification opinions on the spot and set deadlines.",
            "The drill simulated a sudden fire in a workshop, and the workers evacuated quickly according to the plan.",
            "{org_short} gives play to the role of labor protection inspectors and urges enterprises to fulfill their safety responsibilities.",
            "During the activity, trade unions held {n} safety knowledge contests and distributed {n2} leaflets.",
            "{person} stressed that work safety is the greatest welfare of workers.",
            "Workers took part in the safety whistleblower activity and reported {n} clues of hidden dangers.",
            "{unit} has included safety education in its pre-shift meetings, with one question every day and one case every week.",
            "After the drill, instructors commented on the performance and explained how to use fire extinguishers.",
            "A total of {n2} enterprises in the city took part in this year's Ankang Cup competition.",
            "The team asked enterprises to equip workers with protective equipment according to standards.",
        ],
    ),
    "models": Topic(
        headlines=[
            "{org} Holds Report Meeting on Deeds of Model Workers and Craftsmen",
            "Model Worker Spirit Enters Enterprises as {org_short} Holds Lectures",
            "{city} Commends a Group of Model Workers and Advanced Workers",
            "{org_short} Names New Innovation Studios of Model Workers and Craftsmen",
        ],
        leads=[
            "On {date}, {org} held a report meeting at {unit}, where {n} model workers and craftsmen told their stories of hard work.",
            "To carry forward the spirit of model workers, a lecture group organized by {org} visited {unit} on {date}.",
            "Recently, {org} named {n} innovation studios of model workers and craftsmen and granted them funding.",
        ],
        subheads=[
            "Tell the stories of model workers and pass on the strength to forge ahead",
            "Give play to the exemplary role and drive skills improvement",
        ],
        sentences=[
            "At the report meeting, national model worker {person2} told the story of taking root at the front line and overcoming difficulties.",
            "{person2} led a team that completed {n} technical innovations, saving the company {money}.",
            "The vivid stories deeply moved and inspired the workers present.",
            "Innovation studios of model workers have become an important platform for training skilled talents.",
            "{org_short} allocates special funds every year for model workers' recuperation, health checkups and assistance.",
            "Members of the lecture group explained the spirit of model workers in plain language based on their own experience.",
            "{person} pointed out that model workers are the elite of the nation and role models of the people.",
            "The workers said that they would take model workers as examples and make contributions in their posts.",
            "In recent years, {n2} model workers and advanced workers at all levels have emerged in the city.",
            "{org_short} paired model workers with young workers in {n} mentoring relationships.",
            "The innovation studios have obtained {n} national patents, and many results have been applied in the industry.",
            "The person in charge of {unit} said that the company would create better conditions for model workers.",
        ],
    ),
    "training": Topic(
        headlines=[
            "Special Training Course for Grassroots Trade Union Chairpersons Held in {city}",
            "{org} Holds Training Course to Improve the Ability of Trade Union Cadres",
            "{year} Training Course for Trade Union Finance Cadres Opens",
            "{org_short} Holds Training on Trade Union Business Knowledge",
        ],
        leads=[
            "From {date} to {date2}, {org} held a training course for grassroots trade union chairpersons in {city}, attended by {n} trainees.",
            "To further improve the ability of trade union cadres to perform their duties, {org} held a special training course on {date}, and {person}, {role}, gave a mobilization speech.",
            "On {date}, {org} held a training session on trade union business knowledge for backbone staff of trade unions in the region.",
        ],
        subheads=[
            "Focus on main responsibilities and design courses carefully",
            "Combine learning with application and pay attention to training results",
        ],
        sentences=[
            "The training covered basic trade union knowledge, collective consultation, labor laws and regulations, and the management of trade union funds.",
            "Professors from the Party school, labor relations experts and outstanding grassroots union chairpersons were invited to teach.",
            "The training combined lectures, case teaching, group discussions and on-site teaching.",
            "Trainees said that the content was practical and targeted and very helpful for grassroots trade union work.",
            "{person} asked the trainees to cherish the opportunity and apply what they learned in their work.",
            "During the training, the trainees also visited {unit} to learn from its experience in building a workers' home.",
            "Attendance was strictly managed, and a closed-book test was held at the end of the course.",
            "Since the beginning of this year, {org_short} has trained {n2} trade union cadres at all levels.",
            "The training course also provides supporting online courses for participants through the National Trade Union Cadre Education and Training Network.",
            "{org_short} will establish a mechanism to track and evaluate training results.",
            "The training lasted {n} days and is an important part of the annual cadre training plan.",
        ],
    ),
    "grassroots": Topic(
        headlines=[
            "{org} Held a Report Meeting on the Work of Cadres Going to Grassroots",
            "Cadres of {org_short} Go Deep Into {city} for Squatting Research",
            "Leaders of {org_short} Conduct Research at {unit}",
        ],
        leads=[
            "On {date}, {org} held a report meeting on the work of cadres going to the grassroots level, presided over by {person}, {role}.",
            "On {date}, {person}, {role}, led a team to {city} to conduct research at {unit}.",
            "Recently, {org} sent cadres of its organ to various places for a month of squatting research at the grassroots level.",
        ],
        subheads=[
            "Go deep into the front line and find out the actual situation",
            "Adhere to a problem orientation and promote problem solving",
        ],
        sentences=[
            "At the meeting, {n} squatting groups made exchange speeches on their research at the grassroots level.",
            "The research team inspected the workers' home, the workers' library and the room for pregnant and nursing mothers.",
            "During the research, {person} had in-depth exchanges with enterprise leaders and worker representatives.",
            "The meeting stressed that it is necessary to do a solid job in the second half of the article of the survey.",
            "Through face to face lectures and heart to heart exchanges, the groups established close contact with workers.",
            "The research team sorted out a list of {n} problems and clarified the responsible departments and deadlines.",
            "{person} pointed out that cadres of the organ should really go down to the front line with their hearts and feelings.",
            "During the squatting period, cadres visited {n} enterprises and held {n} workers' symposiums.",
            "The meeting made arrangements for the selection of the Best Achievement Award and Excellent Individuals.",
            "The trade union of {unit} introduced its experience in promoting democratic management and collective consultation.",
            "Relevant departments should do a good job in statistics, research reports, work summaries and submission.",
        ],
    ),
}

GENERIC: list[str] = [
    "In the next step, {org_short} will continue to unite and mobilize workers to make contributions to high-quality development.",
    "Heads of relevant departments of {org_short} attended the activity.",
    "In recent years, {org_short} has adhered to the worker-centered orientation and continuously improved its ability to serve workers.",
    "The person in charge of {org_short} said that they would further sum up experience and promote the implementation of all work.",
    "The activity received a positive response and wide praise from workers.",
    "Heads of trade unions of all districts and industries attended the meeting.",
    "The meeting was held by video, with branch venues in all districts.",
    "The activity is a concrete measure of the practice of doing practical things for workers.",
    "Responsible comrades of the trade union of {unit} accompanied the visit.",
    "It is reported that {org_short} has invested {money} this year in various activities to serve workers.",
    "Participants agreed that the activity was novel in form and rich in content and achieved good results.",
    "Trade unions at all levels were required to refine work measures to ensure that all tasks are implemented.",
    "The meeting also made arrangements for recent key work.",
    "{person2} made a statement on behalf of grassroots trade unions.",
    "The atmosphere at the scene was warm, and the workers actively participated.",
    "According to statistics, {n2} workers took part during the activity.",
    "{org_short} will strengthen supervision and report on the progress of the work.",
    "Trade union cadres should always put workers first and serve them with heart and soul.",
    "The meeting required strengthening publicity and promoting good experience in time.",
    "This is another activity of its kind held by {org_short} this year.",
]

CLOSINGS: list[str] = [
    "In the next step, {org_short} will consolidate the results and push trade union work to a new level with more practical measures.",
    "{org_short} said it would take this as a new starting point and lead workers to contribute to the development of {city}.",
    "Everyone said they would devote themselves to their work with fuller enthusiasm and a more solid style.",
    "{org_short} will further sum up experience, improve mechanisms and make the work a regular practice.",
]

# Real captions for content photos (they describe the scene; file-name captions are generated separately).
CAPTIONS: list[str] = [
    "The scene of the meeting",
    "Participants listen to the report",
    "Contestants at the competition site",
    "The team visits frontline workers",
    "Trainees take notes during a lecture",
    "Workers receive heatstroke prevention supplies",
    "Couriers join the trade union at the ceremony",
    "The inspection team checks a workshop",
]
