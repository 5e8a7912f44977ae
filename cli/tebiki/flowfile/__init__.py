"""flowfile"""
