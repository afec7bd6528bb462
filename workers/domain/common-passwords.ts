/**
 * The most common passwords seen in public breach corpora (top entries of the well-known
 * frequency lists, plus common 12+ character patterns such as `password1234` and keyboard
 * walks), lower-cased. Most are shorter than our 12-character minimum; they still matter
 * because the policy also checks the letters-only core of a password (`Password-2024!` →
 * `password`). Kept as one whitespace-separated string: compact in the bundle and parsed once.
 */
const LIST = `
  123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball
  abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890
  michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan
  jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000
  charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle
  jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa
  ginger princess joshua cheese amanda summer love ashley 6969 nicole chelsea biteme matthew
  access yankees 987654321 dallas austin thunder taylor matrix william corvette hello martin
  heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test
  bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard samantha bigdog
  guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan
  welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal
  eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina
  diablo bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers iceman
  money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4
  brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight
  fender barney midnight please brandy chicago badboy slayer rangers charles angel flower bigdaddy
  rabbit wizard jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine
  winter prince marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf
  asdfasdf crystal 87654321 12344321 golden panther lauren angela spanky thx1138 angels madison
  winston shannon mike toyota jordan23 canada sophie apples tiger razz 123abc pokemon qazxsw 55555
  qwaszx muffin johnson murphy cooper jonathan liverpoo david danielle 159357 jackie 1990 123456a
  789456 turtle abcd1234 scorpion qazwsxedc 101010 butter carlos password1 dennis slipknot
  qwerty123 booger asdf 1991 black startrek 12341234 cameron newyork rainbow nathan john 1992
  rocket viking redskins asdfghjkl 1212 sierra peaches gemini doctor wilson sandra helpme qwertyui
  victor florida dolphin pookie captain tucker blue liverpool theman bandit dolphins maddog
  packers jaguar lovers nicholas united tiffany maxwell zzzzzz nirvana jeremy stupid monica
  elephant giants hotdog rosebud success debbie mountain 444444 xxxxxxxx warrior 1q2w3e4r5t q1w2e3
  123456q albert metallic lucky azerty 7777 alex bond007 alexis 1111111 samson 5150 willie scorpio
  bonnie gators benjamin voodoo driver dexter 2112 jason calvin freddy 212121 creative 12345a
  sydney rush2112 1989 asdfghjk red123 bubba 4815162342 passw0rd trouble gunner happy gordon
  legend jessie stella qwert eminem arthur apple nissan bear america 1qazxsw2 nothing parker 4444
  rebecca qweqwe garfield 01012011 beavis 69696969 jack asdasd december 2222 102030 252525
  11223344 magic apollo skippy 315475 girls kitten golf copper braves shelby godzilla beaver fred
  tomcat august buddy airborne 1993 1988 lifehack qqqqqq brooklyn animal platinum phantom online
  xavier darkness blink182 power fish green 789456123 voyager police travis 12qwaszx heaven
  snowball lover abcdef 00000 pakistan 007007 walter playboy blazer cricket sniper donkey willow
  loveme saturn therock redwings bigboy pumpkin trinity williams nintendo digital destiny topgun
  runner marvin guinness chance bubbles testing fire november minecraft asdf1234 lasvegas sergey
  broncos cartman private celtic birdie little cassie babygirl donald beatles 1313 family 12121212
  school louise gabriel eclipse fluffy 147258369 lol123 explorer beer nelson flyers spencer scott
  lovely gibson doggie cherry andrey snickers buffalo pantera metallica member carter qwertyu
  peter alexande steve bronco paradise goober 5555 samuel montana mexico dreams michigan carolina
  yankee friends magnum surfer poopoo maximus genius cool vampire lacrosse asd123 aaaa christin
  kimberly speedy sharon carmen 111222 kristina sammy racing ou812 sabrina horses 0987654321
  qwerty1 pimpin baby stalker enigma 147147 star poohbear 147258 simple 12345q marcus brian 1987
  qweasdzxc drowssap hahaha caroline barbara dave viper drummer action einstein genesis hello1
  scotty friend forest 010203 hotrod google vanessa spitfire badger maryjane friday alaska
  1232323q tester jester jake champion billy 147852 rock hawaii chevy 420420 walker stephen eagle1
  bill 1986 october gregory svetlana pamela 1984 music shorty westside stanley diesel courtney
  242424 kevin hitman mark 12345qwert reddog frank qwe123 popcorn patricia aaaaaaaa 1969 teresa
  mozart buddha anderson paul melanie abcdefg security lucky1 lizard denise 3333 a12345 123789
  ruslan stargate simpsons scarface eagle 123456789a thumper olivia naruto 1234554321 general
  cherokee a123456 vincent spooky qweasd free frankie douglas death 1980 loveyou kitty kelly
  veronica suzuki semperfi penguin mercury liberty spirit scotland natalie marley vikings system
  sucker king allison marshall 1979 098765 qwerty12 hummer adrian 1985 vfhbyf sandman rocky leslie
  antonio 98765432 4321 softball passion mnbvcxz passport rascal howard franklin bigred homer
  redrum jupiter claudia 55555555 141414 zaq12wsx patches raider infinity andre 54321 galore
  college russia kawasaki bishop 77777777 vladimir money1 freeuser wildcats francis disney
  budlight brittany 1994 00000000 sweet oksana honda domino bulldogs brutus swordfis norman monday
  jimmy ironman ford fantasy 9999 7654321 hentai duncan cougar 1977 jeffrey house dancer brooke
  timothy super marines justice digger connor patriots karina 202020 molly everton tinker alicia
  rasdzv3 poop pearljam stinky naughty colorado 123123a water test123 ncc1701d motorola ireland
  asdfg matt houston boogie zombie accord vision bradley reggie kermit froggy ducati avalon 6666
  9379992 sarah saints logitech chopper 852456 simpson madonna juventus claire 159951 zachary
  yfnfif wolverin warcraft hello123 extreme peekaboo fireman eugene brenda 123654789 russell
  panthers georgia smith skyline jesus elizabet spiderma smooth pirate empire bullet 8888 virginia
  valentin psycho predator arizona 134679 mitchell alyssa vegeta titanic christ goblue fylhtq wolf
  mmmmmm kirill indian hiphop baxter awesome people danger roland mookie 741852963 1111111111
  dreamer bambam arnold 1981 skipper serega rolltide elvis changeme simon 1q2w3e lovelove
  fktrcfylh denver tommy mine loverboy hobbes happy1 alison nemesis chevelle cardinal burton
  picard 151515 tweety michael1 147852369 12312 xxxx windows turkey 456789 1974 vfrcbv sublime
  1975 galina bobby newport manutd daddy american alexandr 1966 victory rooster qqq111 madmax
  electric a1b2c3 wolfpack spring phpbb lalala spiderman eric darkside classic raptor 123456789q
  hendrix 1982 wombat avatar alpha zxc123 crazy hard england brazil 1978 01011980 wildcat polina
  freepass princess1 iloveyou1 sunshine1 football1 monkey1 charlie1 shadow1 dragon1 jordan1
  superman1 baseball1 trustno2 letmein1 welcome1 welcome123 password12 password123 password1234
  password12345 password123456 passw0rd1 p@ssw0rd p@ssword pa55word pa55w0rd passwort motdepasse
  contrasena senha parola haslo salasana wachtwoord lozinka heslo jelszo qwertz qwertzuiop
  azertyuiop ytrewq asdfghjkl1 zxcvbnm1 qwerty1234 qwerty12345 qwerty123456 1qaz2wsx3edc
  1qaz2wsx3edc4rfv zaq1zaq1 zaq12wsx3edc qazwsxedcrfv qazwsxedcrfvtgb 1q2w3e4r5t6y
  1q2w3e4r5t6y7u8i q1w2e3r4t5y6 1234qwerasdf qwertyuiopasdfghjkl qwertyuiopasdfghjklzxcvbnm
  123456789012 1234567890123 12345678901234 123456789abc abcdefghijkl abcdefghijklmnop
  abcdefghijklmnopqrstuvwxyz 0123456789 01234567890 111111111111 000000000000 123123123123
  121212121212 112233445566 987654321012 passwordpassword iloveyouiloveyou letmeinletmein
  administrator administrator1 admin admin1 admin123 admin1234 adminadmin root toor root123 guest
  guest123 user user123 default changeme123 changeit temp temp123 temporary secret123 mypassword
  mypassword1 newpassword newpassword1 yourpassword thisismypassword password! password1!
  iloveyou! letmein! welcome! qwerty! football! monkey123 dragon123 shadow123 master123 michael123
  jordan123 superman123 batman123 charlie123 sunshine123 princess123 freedom123 whatever123
  summer2020 summer2021 summer2022 summer2023 summer2024 summer2025 summer2026 winter2020
  winter2021 winter2022 winter2023 winter2024 winter2025 winter2026 spring2024 spring2025
  spring2026 autumn2024 autumn2025 autumn2026 fall2024 fall2025 january february march april may
  june july september spring2023 welcome2020 welcome2021 welcome2022 welcome2023 welcome2024
  welcome2025 welcome2026 password2020 password2021 password2022 password2023 password2024
  password2025 password2026 company company123 office office365 microsoft microsoft365 outlook
  windows10 windows11 backup backup123 server server123 database oracle mysql postgres cisco
  cisco123 sysadmin support helpdesk service itsupport corporate business manager sales marketing
  finance accounting london123 paris123 newyork123 berlin tokyo sydney123 toronto dublin frankfurt
  johannesburg mumbai india123 canada123 australia england123 germany france japan southafrica
  letmein123 trustno1234 iloveu iloveyou2 iloveyou12 iloveyou123 loveyou1 lovely1 love123 love1234
  forever1 forever21 angel1 angel123 babygirl1 baby123 sweety sweetheart sweetie honey honey123
  cutie cutie123 beautiful beautiful1 pretty flower1 butterfly butterfly1 rainbow1 unicorn
  unicorn1 kitty1 kitten1 puppy puppy1 doggy doggie1 tigger1 pooh winnie mickey1 minnie disney1
  barbie hellokitty pokemon1 pikachu naruto1 sasuke goku dragonball onepiece yugioh zelda mario
  luigi sonic halo gamer gaming playstation xbox xbox360 nintendo1 fortnite roblox minecraft1
  steam counterstrike starwars1 jedi yoda skywalker vader matrix1 neo trinity1 morpheus hogwarts
  harrypotter potter gryffindor hermione frodo gandalf1 aragorn legolas batman1 joker spiderman1
  ironman1 hulk thor captainamerica avengers marvel superman2 wolverine deadpool chelsea1 arsenal1
  liverpool1 manchester manunited barcelona realmadrid juventus1 milan football12 soccer1 soccer12
  basketball hockey1 baseball12 yankees1 lakers1 cowboys1 steelers1 patriots1 eagles1 packers1
  raiders1 broncos1 redskins1 dolphins1 giants1 jets bears bulls tennis1 golf123 running fishing1
  hunting music1 guitar1 drums piano rockstar rocknroll metal slipknot1 nirvana1 beatles1 eminem1
  50cent tupac jayz beyonce rihanna justinbieber onedirection taylorswift michaeljackson elvis1
  jesus1 jesuschrist christ1 god godisgood blessed blessed1 faith grace angel12 heaven1 trinity3
  amen church bible prayer ashley1 jessica1 michelle1 nicole1 amanda1 jennifer1 melissa1 daniel1
  andrew1 joshua1 matthew1 robert1 thomas1 william1 anthony1 justin1 brandon1 jonathan1 david1
  james1 john1 chris1 kevin1 steven1 brian1 eric1 mark1 paul1 peter1 alex1 sarah1 emily emily1
  hannah1 samantha1 elizabeth lauren1 rachel1 megan megan1 katie kate lisa laura stephanie
  heather1 amber amber1 danielle1 victoria1 olivia1 sophia emma isabella madison1 abigail chloe
  charlotte natalie1 jasmine1 diana maria mariana carlos1 jose juan luis miguel pedro antonio1
  alejandro fernando roberto ricardo eduardo sergio marco marcos rafael gabriel1 lucas mateo
  santiago sebastian nicolas diego pablo javier manuel francisco jorge oscar hector mario1 ivan
  dmitry andrei alexey nikolai natasha1 olga irina tatiana elena svetlana1 anna anna1 maria1 sofia
  julia julia1 laura1 sara paula andrea1 monica1 cristina patricia1 carmen1 rosa lucia marta ana
  raquel eva beatriz silvia
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
