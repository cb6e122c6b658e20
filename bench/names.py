"""Common Swedish given names, surnames and place names for generated (fictitious) people."""

FIRST = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Malin", "Ingrid",
    "Linnea", "Elin", "Sofia", "Ida", "Hanna", "Johanna", "Julia", "Amira", "Fatima", "Nora",
    "Lars", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Mikael", "Jan", "Hans",
    "Ali", "Ahmed", "Oskar", "Lucas", "William", "Elias", "Hugo", "Noah", "Leo", "Adam",
]  # fmt: skip
LAST = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson",
    "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lundgren",
    "Mohammed", "Ali", "Hassan", "Nguyen", "Virtanen", "Korhonen", "Nowak", "Kovač",
]  # fmt: skip
PLACES = [
    "Söder", "Norr", "Väster", "Öster", "Ek", "Björk", "Lind", "Ås", "Sjö", "Berg",
    "Dal", "Hag", "Mo", "Strand", "Vik", "Lund", "Ängs", "Hed", "Holm", "Bäck",
]  # fmt: skip
